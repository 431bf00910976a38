// switchyard: the command line (serve, demo, mock). Errors in flags or configuration are one
// clear line each and exit code 2.

#include <cstdio>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "app/gateway.hpp"
#include "auth/auth.hpp"
#include "config/config.hpp"
#include "observability/log.hpp"

namespace {

using namespace switchyard;

constexpr int kUsageError = 2;

int Fail(const std::string& message) {
    std::fprintf(stderr, "switchyard: %s\n", message.c_str());
    return kUsageError;
}

int RunGateway(config::Config config, bool demo, const std::string& demo_note) {
    observability::InitLogging(config.server.log_level);
    app::RaiseFileLimit();

    auto env = config::ProcessEnv();
    auto admin = auth::LoadOrCreateAdminKey(config.storage.data_dir, env(config.server.admin_key_env));
    if (auto* error = std::get_if<std::string>(&admin)) {
        return Fail(*error);
    }
    const auth::AdminKey& admin_key = std::get<auth::AdminKey>(admin);

    app::Gateway gateway(config);
    if (std::string error = gateway.Start(admin_key.key); !error.empty()) {
        return Fail(error);
    }
    if (demo) {
        std::printf("%s", demo_note.c_str());
        std::printf("  API:       http://127.0.0.1:%u/api/v1\n", static_cast<unsigned>(gateway.port()));
        std::printf("  demo key:  %s\n", admin_key.key.c_str());
        std::printf("  try:       curl http://127.0.0.1:%u/api/v1/chat/completions \\\n"
                    "               -H \"Authorization: Bearer %s\" -H 'Content-Type: application/json' \\\n"
                    "               -d '{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'\n",
                    static_cast<unsigned>(gateway.port()), admin_key.key.c_str());
    } else if (admin_key.generated) {
        std::printf("admin key (shown once; saved to %s): %s\n", admin_key.path.c_str(), admin_key.key.c_str());
    }
    std::fflush(stdout);

    app::WaitForSignal([] { spdlog::info("SIGHUP: configuration reload is not available yet"); });
    spdlog::info("shutting down: no new connections; finishing requests in flight");
    gateway.Shutdown();
    return 0;
}

int Serve(const std::string& config_path) {
    auto loaded = config::LoadConfig(config_path, config::ProcessEnv());
    if (auto* errors = std::get_if<config::LoadErrors>(&loaded)) {
        for (const std::string& line : errors->lines) {
            std::fprintf(stderr, "%s\n", line.c_str());
        }
        return kUsageError;
    }
    return RunGateway(std::get<config::Config>(std::move(loaded)), false, {});
}

struct DemoEndpoint {
    const char* model;
    const char* name;
    const char* provider;
    const char* upstream;
    const char* prompt;
    const char* completion;
    std::int64_t context;
};

int Demo(std::uint16_t port, const std::string& data_dir) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir, ec);
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
        return Fail("cannot create the demo data directory " + data_dir + ": " + ec.message());
    }

    // The mock providers run in this process, on their own thread.
    mock::MockOptions mock_options;
    mock_options.defaults.tokens = 48;
    app::MockServer mock_server(mock_options, 1);
    std::string mock_error;
    const std::uint16_t mock_port = mock_server.Start("127.0.0.1", 0, mock_error);
    if (mock_port == 0) {
        return Fail("cannot start the mock provider: " + mock_error);
    }
    const std::string mock_url = "http://127.0.0.1:" + std::to_string(mock_port) + "/v1";

    config::Config config;
    config.source = "<demo>";
    config.server.listen = {"127.0.0.1", port};
    config.server.admin_key_env = "SWITCHYARD_DEMO_ADMIN_KEY_UNUSED";
    config.server.access_log = "off";
    config.server.cors_origins = {"*"};
    config.storage.url = "sqlite://" + data_dir + "/switchyard.db";
    config.storage.data_dir = data_dir;
    for (auto [id, name] : {std::pair{"openai", "OpenAI (mock)"}, std::pair{"anthropic", "Anthropic (mock)"},
                            std::pair{"together", "Together (mock)"}, std::pair{"groq", "Groq (mock)"}}) {
        config::ProviderConfig provider;
        provider.id = id;
        provider.name = name;
        provider.adapter = "openai-compatible";
        provider.base_url = mock_url;
        config.providers.push_back(provider);
    }
    const DemoEndpoint endpoints[] = {
        {"openai/gpt-4o-mini", "OpenAI: GPT-4o-mini", "openai", "gpt-4o-mini+ttft-150+tps-80", "0.15", "0.6", 128000},
        {"openai/gpt-4o", "OpenAI: GPT-4o", "openai", "gpt-4o+ttft-300+tps-60", "2.5", "10", 128000},
        {"anthropic/claude-sonnet-4", "Anthropic: Claude Sonnet 4", "anthropic", "claude-sonnet-4+ttft-400+tps-60",
         "3", "15", 200000},
        {"meta-llama/llama-3.3-70b-instruct", "Meta: Llama 3.3 70B Instruct", "groq",
         "llama-3.3-70b-versatile+ttft-80+tps-250", "0.59", "0.79", 131072},
        {"meta-llama/llama-3.3-70b-instruct", "Meta: Llama 3.3 70B Instruct", "together",
         "meta-llama/Llama-3.3-70B-Instruct-Turbo+ttft-200+tps-90", "0.88", "0.88", 131072},
    };
    for (const DemoEndpoint& e : endpoints) {
        config::EndpointConfig endpoint;
        endpoint.model = e.model;
        endpoint.name = e.name;
        endpoint.provider = e.provider;
        endpoint.upstream_model = e.upstream;
        endpoint.prompt_price = *core::ParseUsdPerMtok(e.prompt);
        endpoint.completion_price = *core::ParseUsdPerMtok(e.completion);
        endpoint.context_length = e.context;
        config.endpoints.push_back(endpoint);
    }
    const std::string note =
        "switchyard demo: the gateway in front of built-in mock providers (no API keys, no network).\n"
        "  data:      " + data_dir + " (fresh on every start)\n";
    const int rc = RunGateway(std::move(config), true, note);
    mock_server.Stop();
    return rc;
}

int Mock(const std::string& host, std::uint16_t port, const std::string& format, mock::MockOptions options,
         int threads, const std::string& cert_file, const std::string& key_file) {
    options.format = format;
    app::RaiseFileLimit();
    app::MockServer server(std::move(options), threads);
    std::string error;
    const std::uint16_t bound = server.Start(host, port, error, cert_file, key_file);
    if (bound == 0) {
        return Fail(error);
    }
    std::printf("listening on %s://%s:%u\n", cert_file.empty() ? "http" : "https", host.c_str(),
                static_cast<unsigned>(bound));
    std::fflush(stdout);
    app::WaitForSignal(nullptr);
    server.Stop();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    app::BlockSignals();

    CLI::App cli{"switchyard: a self-hostable LLM gateway (OpenAI- and OpenRouter-compatible)"};
    cli.require_subcommand(1);
    cli.set_version_flag("--version", "switchyard 0.1.0");

    std::string config_path;
    auto* serve = cli.add_subcommand("serve", "Run the gateway");
    serve->add_option("--config", config_path, "TOML configuration file (default: built-in defaults)");

    std::uint16_t demo_port = 8080;
    std::string demo_dir = "./switchyard-demo-data";
    auto* demo = cli.add_subcommand("demo", "Run the gateway with built-in mock providers and a demo key");
    demo->add_option("--port", demo_port, "Port to listen on (0 picks a free one)")->capture_default_str();
    demo->add_option("--data-dir", demo_dir, "Data directory, wiped on start")->capture_default_str();

    std::string mock_host = "127.0.0.1";
    std::uint16_t mock_port = 0;
    std::string mock_format = "openai";
    int mock_threads = 1;
    mock::MockOptions mock_options;
    auto* mock = cli.add_subcommand("mock", "Run a mock upstream provider (for tests and benchmarks)");
    mock->add_option("--host", mock_host, "Address to listen on")->capture_default_str();
    mock->add_option("--port", mock_port, "Port to listen on (0 picks a free one)")->capture_default_str();
    mock->add_option("--format", mock_format, "Wire format: " + mock::FormatNames())->capture_default_str();
    mock->add_option("--ttft-ms", mock_options.defaults.ttft_ms, "Delay before the first token")->capture_default_str();
    mock->add_option("--tokens-per-s", mock_options.defaults.tokens_per_s, "Token pacing (0: no delay)")
        ->capture_default_str();
    mock->add_option("--tokens", mock_options.defaults.tokens, "Completion length in tokens")->capture_default_str();
    mock->add_option("--threads", mock_threads, "Worker threads")->capture_default_str();
    mock->add_option("--require-key", mock_options.required_key, "Answer 401 unless this bearer key is sent");
    std::string mock_cert;
    std::string mock_key;
    mock->add_option("--tls-cert", mock_cert, "Serve TLS with this PEM certificate chain");
    mock->add_option("--tls-key", mock_key, "PEM private key for --tls-cert");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return cli.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return cli.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return cli.exit(e);
    } catch (const CLI::ParseError& e) {
        return Fail(e.what());
    }

    if (serve->parsed()) {
        return Serve(config_path);
    }
    if (demo->parsed()) {
        return Demo(demo_port, demo_dir);
    }
    if (mock->parsed()) {
        if (mock_cert.empty() != mock_key.empty()) {
            return Fail("mock: --tls-cert and --tls-key go together");
        }
        return Mock(mock_host, mock_port, mock_format, mock_options, mock_threads, mock_cert, mock_key);
    }
    return kUsageError;
}
