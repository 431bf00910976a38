// Fuzzes the configuration loader on arbitrary TOML text with an empty environment. ParseConfig
// is the boundary where toml++'s exceptions stop: nothing may escape it, and it either returns a
// configuration or at least one error line.

#include <exception>
#include <string>
#include <variant>

#include "config/config.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace config = switchyard::config;
    using switchyard::fuzz::Check;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const config::EnvLookup no_env = [](const std::string&) -> std::optional<std::string> {
        return std::nullopt;
    };
    try {
        auto loaded = config::ParseConfig(text, "fuzz.toml", no_env);
        if (auto* errors = std::get_if<config::LoadErrors>(&loaded)) {
            Check(!errors->lines.empty(), "a failed load reports at least one line");
        } else {
            const config::Config& parsed = std::get<config::Config>(loaded);
            Check(parsed.server.max_header_bytes >= 1024, "max_header_bytes is validated");
            Check(parsed.server.max_body_bytes >= 1024, "max_body_bytes is validated");
            for (const config::EndpointConfig& endpoint : parsed.endpoints) {
                Check(parsed.FindProvider(endpoint.provider) != nullptr,
                      "every endpoint names a configured provider");
                Check(endpoint.prompt_price >= 0 && endpoint.completion_price >= 0,
                      "prices are non-negative");
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ParseConfig let an exception escape: %s\n", e.what());
        __builtin_trap();
    } catch (...) {
        std::fprintf(stderr, "ParseConfig let a non-standard exception escape\n");
        __builtin_trap();
    }
    return 0;
}
