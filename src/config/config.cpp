#include "config/config.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "core/strings.hpp"

namespace switchyard::config {
namespace {

constexpr std::string_view kAdapters[] = {"openai", "openai-compatible", "anthropic",
                                          "gemini", "azure",             "bedrock"};

/// Reads one TOML table, remembering which keys were used so unknown ones can be reported.
class TableReader {
public:
    TableReader(const toml::table* table, std::string prefix, const std::string& source,
                std::vector<std::string>& errors)
        : table_(table), prefix_(std::move(prefix)), source_(source), errors_(errors) {}

    const toml::node* Get(std::string_view key) {
        used_.insert(std::string(key));
        return table_ == nullptr ? nullptr : table_->get(key);
    }

    void Error(const toml::node* node, std::string_view key, std::string_view what) {
        std::ostringstream line;
        line << source_;
        if (node != nullptr && node->source().begin.line != 0) {
            line << ':' << node->source().begin.line;
        } else if (table_ != nullptr && table_->source().begin.line != 0) {
            line << ':' << table_->source().begin.line;
        }
        line << ": " << Qualified(key) << ": " << what;
        errors_.push_back(line.str());
    }

    std::string Qualified(std::string_view key) const {
        return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
    }

    /// Returns false when the key is present but not a string (already reported), so callers
    /// do not report the same key a second time as missing or malformed.
    bool String(std::string_view key, std::string& out) {
        if (const toml::node* node = Get(key)) {
            if (auto value = node->value<std::string>()) {
                out = *value;
            } else {
                Error(node, key, "expected a string");
                return false;
            }
        }
        return true;
    }

    void Bool(std::string_view key, bool& out) {
        if (const toml::node* node = Get(key)) {
            if (auto value = node->value<bool>()) {
                out = *value;
            } else {
                Error(node, key, "expected true or false");
            }
        }
    }

    template <class Int>
    void Integer(std::string_view key, Int& out, std::int64_t min, std::int64_t max) {
        if (const toml::node* node = Get(key)) {
            // is_integer() first: value<int64_t>() converts a float, and an out-of-range one is
            // undefined behaviour inside toml++.
            auto value = node->is_integer() ? node->value<std::int64_t>() : std::nullopt;
            if (!value) {
                Error(node, key, "expected an integer");
            } else if (*value < min || *value > max) {
                Error(node, key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
            } else {
                out = static_cast<Int>(*value);
            }
        }
    }

    void Time(std::string_view key, Duration& out) {
        if (const toml::node* node = Get(key)) {
            auto text = node->value<std::string>();
            auto parsed = text ? ParseDuration(*text) : std::nullopt;
            if (!parsed) {
                Error(node, key, "expected a duration string with a unit, like \"250ms\", \"30s\" or \"5m\"");
            } else {
                out = *parsed;
            }
        }
    }

    void Size(std::string_view key, std::size_t& out) {
        if (const toml::node* node = Get(key)) {
            std::optional<std::size_t> parsed;
            if (auto number = node->is_integer() ? node->value<std::int64_t>() : std::nullopt;
                number && *number >= 0) {
                parsed = static_cast<std::size_t>(*number);
            } else if (auto text = node->value<std::string>()) {
                parsed = ParseSize(*text);
            }
            if (!parsed) {
                Error(node, key, "expected a size in bytes, like 65536 or \"32MiB\"");
            } else {
                out = *parsed;
            }
        }
    }

    void Price(std::string_view key, core::Picodollars& out) {
        if (const toml::node* node = Get(key)) {
            auto text = node->value<std::string>();
            if (!text || !node->is_string()) {
                Error(node, key, "expected a decimal string such as \"0.15\" (money is never a float)");
                return;
            }
            auto parsed = core::ParseUsdPerMtok(*text);
            if (!parsed || *parsed < 0) {
                Error(node, key,
                      "expected a non-negative decimal USD amount per million tokens with at most 6 "
                      "decimals, got \"" + *text + "\"");
                return;
            }
            out = *parsed;
        }
    }

    void Usd(std::string_view key, core::Picodollars& out) {
        if (const toml::node* node = Get(key)) {
            auto text = node->value<std::string>();
            auto parsed = (text && node->is_string()) ? core::ParseUsd(*text) : std::nullopt;
            if (!parsed || *parsed < 0) {
                Error(node, key, "expected a non-negative decimal USD string with at most 12 decimals");
                return;
            }
            out = *parsed;
        }
    }

    void StringList(std::string_view key, std::vector<std::string>& out) {
        if (const toml::node* node = Get(key)) {
            const toml::array* array = node->as_array();
            if (array == nullptr) {
                Error(node, key, "expected an array of strings");
                return;
            }
            out.clear();
            for (const toml::node& item : *array) {
                if (auto value = item.value<std::string>(); value && item.is_string()) {
                    out.push_back(*value);
                } else {
                    Error(&item, key, "expected an array of strings");
                    return;
                }
            }
        }
    }

    void StringMap(std::string_view key, std::map<std::string, std::string>& out) {
        if (const toml::node* node = Get(key)) {
            const toml::table* table = node->as_table();
            if (table == nullptr) {
                Error(node, key, "expected a table of strings");
                return;
            }
            for (auto&& [k, v] : *table) {
                if (auto value = v.value<std::string>(); value && v.is_string()) {
                    out[std::string(k.str())] = *value;
                } else {
                    Error(&v, std::string(key) + "." + std::string(k.str()), "expected a string");
                }
            }
        }
    }

    void ReportUnknown() {
        if (table_ == nullptr) {
            return;
        }
        for (auto&& [key, node] : *table_) {
            if (used_.count(std::string(key.str())) == 0) {
                Error(&node, key.str(), "unknown key");
            }
        }
    }

    const toml::table* table() const { return table_; }

private:
    const toml::table* table_;
    std::string prefix_;
    const std::string& source_;
    std::vector<std::string>& errors_;
    std::set<std::string> used_;
};

void ReadListen(TableReader& reader, std::string_view key, HostPort& out) {
    std::string text;
    const toml::node* node = reader.Get(key);
    if (node == nullptr) {
        return;
    }
    reader.String(key, text);
    if (text.empty()) {
        return;
    }
    if (auto parsed = ParseHostPort(text)) {
        out = *parsed;
    } else {
        reader.Error(node, key, "expected host:port, like \"127.0.0.1:8080\" or \"[::1]:0\"");
    }
}

void ApplyEnv(toml::table& root, const EnvLookup& env) {
    // SWITCHYARD_<SECTION>_<KEY> overrides scalar keys of [server] and [storage]. The value is
    // parsed as a TOML value when it looks like one (numbers, booleans, arrays), else a string.
    static constexpr std::pair<std::string_view, std::string_view> kKeys[] = {
        {"server", "listen"},           {"server", "admin_listen"},      {"server", "threads"},
        {"server", "admin_key_env"},    {"server", "max_header_bytes"}, {"server", "max_body_bytes"},
        {"server", "max_connections"},  {"server", "header_read_timeout"},
        {"server", "body_read_timeout"}, {"server", "idle_timeout"},    {"server", "write_timeout"},
        {"server", "request_timeout"},  {"server", "shutdown_grace"},   {"server", "stream_keepalive"},
        {"server", "access_log"},       {"server", "log_level"},        {"server", "cors_origins"},
        {"server", "trusted_proxies"},  {"storage", "url"},
    };
    for (const auto& [section, key] : kKeys) {
        std::string name = "SWITCHYARD_" + core::ToLower(section) + "_" + std::string(key);
        for (char& c : name) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        auto value = env(name);
        if (!value) {
            continue;
        }
        toml::table* table = root[section].as_table();
        if (table == nullptr) {
            root.insert(section, toml::table{});
            table = root[section].as_table();
        }
        // Try to read it as a TOML value; fall back to a plain string.
        try {
            toml::table parsed = toml::parse("v = " + *value);
            if (toml::node* node = parsed.get("v")) {
                table->insert_or_assign(key, *node);
                continue;
            }
        } catch (const toml::parse_error&) {
        }
        table->insert_or_assign(key, *value);
    }
}

std::string DataDirFromUrl(const std::string& url) {
    constexpr std::string_view kSqlite = "sqlite://";
    if (url.rfind(kSqlite, 0) != 0) {
        return "./switchyard-data";
    }
    std::string path = url.substr(kSqlite.size());
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

void ReadServer(TableReader& reader, ServerConfig& server) {
    ReadListen(reader, "listen", server.listen);
    if (reader.Get("admin_listen") != nullptr) {
        HostPort admin;
        ReadListen(reader, "admin_listen", admin);
        if (!admin.host.empty()) {
            server.admin_listen = admin;
        }
    }
    reader.Integer("threads", server.threads, 0, 256);
    reader.String("admin_key_env", server.admin_key_env);
    reader.Size("max_header_bytes", server.max_header_bytes);
    reader.Size("max_body_bytes", server.max_body_bytes);
    reader.Integer("max_connections", server.max_connections, 1, 1'000'000);
    reader.Time("header_read_timeout", server.header_read_timeout);
    reader.Time("body_read_timeout", server.body_read_timeout);
    reader.Time("idle_timeout", server.idle_timeout);
    reader.Time("write_timeout", server.write_timeout);
    reader.Time("request_timeout", server.request_timeout);
    reader.Time("shutdown_grace", server.shutdown_grace);
    reader.Time("stream_keepalive", server.stream_keepalive);
    reader.String("access_log", server.access_log);
    reader.String("log_level", server.log_level);
    reader.StringList("cors_origins", server.cors_origins);

    std::vector<std::string> proxies;
    reader.StringList("trusted_proxies", proxies);
    for (const std::string& text : proxies) {
        if (auto cidr = ParseCidr(text)) {
            server.trusted_proxies.push_back(*cidr);
        } else {
            reader.Error(reader.Get("trusted_proxies"), "trusted_proxies",
                         "\"" + text + "\" is not an IP address or CIDR network");
        }
    }
    static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
    if (std::find(std::begin(kLevels), std::end(kLevels), server.log_level) == std::end(kLevels)) {
        reader.Error(reader.Get("log_level"), "log_level", "expected trace, debug, info, warn, error or off");
    }
    if (server.max_header_bytes < 1024) {
        reader.Error(reader.Get("max_header_bytes"), "max_header_bytes", "must be at least 1024");
    }
    if (server.max_body_bytes < 1024) {
        reader.Error(reader.Get("max_body_bytes"), "max_body_bytes", "must be at least 1024");
    }

    if (const toml::node* node = reader.Get("tls")) {
        const toml::table* tls_table = node->as_table();
        if (tls_table == nullptr) {
            reader.Error(node, "tls", "expected a table");
            return;
        }
    }
}

}  // namespace

EnvLookup ProcessEnv() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) {
            return std::nullopt;
        }
        return std::string(value);
    };
}

const ProviderConfig* Config::FindProvider(const std::string& id) const {
    for (const ProviderConfig& provider : providers) {
        if (provider.id == id) {
            return &provider;
        }
    }
    return nullptr;
}

bool IsKnownAdapter(std::string_view adapter) {
    return std::find(std::begin(kAdapters), std::end(kAdapters), adapter) != std::end(kAdapters);
}

std::optional<std::int64_t> ParsePercentBasisPoints(std::string_view text) {
    // Percent with up to two decimals is a whole number of basis points: reuse the exact
    // decimal parser at a scale of 100 (1 "unit" = 1 %).
    text = core::Trim(text);
    const std::size_t dot = text.find('.');
    if (dot != std::string_view::npos && text.size() - dot - 1 > 2) {
        return std::nullopt;
    }
    auto whole = core::ParseInt(text.substr(0, dot));
    if (!whole || *whole < 0 || text.empty() || text.front() == '-' || text.front() == '+') {
        return std::nullopt;
    }
    std::int64_t fraction = 0;
    if (dot != std::string_view::npos) {
        const std::string_view digits = text.substr(dot + 1);
        if (digits.empty()) {
            return std::nullopt;
        }
        auto parsed = core::ParseInt(digits);
        if (!parsed || *parsed < 0) {
            return std::nullopt;
        }
        fraction = *parsed * (digits.size() == 1 ? 10 : 1);
    }
    const std::int64_t basis_points = *whole * 100 + fraction;
    if (basis_points > 10'000) {
        return std::nullopt;
    }
    return basis_points;
}

std::optional<Duration> ParseDuration(std::string_view text) {
    text = core::Trim(text);
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        ++digits;
    }
    if (digits == 0 || digits > 12) {
        return std::nullopt;
    }
    const auto number = core::ParseInt(text.substr(0, digits));
    const std::string_view unit = text.substr(digits);
    if (!number) {
        return std::nullopt;
    }
    if (unit == "ms") {
        return Duration(*number);
    }
    if (unit == "s") {
        return Duration(*number * 1000);
    }
    if (unit == "m") {
        return Duration(*number * 60'000);
    }
    if (unit == "h") {
        return Duration(*number * 3'600'000);
    }
    return std::nullopt;
}

std::optional<std::size_t> ParseSize(std::string_view text) {
    text = core::Trim(text);
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        ++digits;
    }
    if (digits == 0 || digits > 12) {
        return std::nullopt;
    }
    const auto number = core::ParseInt(text.substr(0, digits));
    const std::string_view unit = core::Trim(text.substr(digits));
    std::size_t multiplier = 0;
    if (unit.empty() || unit == "B") {
        multiplier = 1;
    } else if (unit == "KiB") {
        multiplier = 1024;
    } else if (unit == "MiB") {
        multiplier = 1024 * 1024;
    } else if (unit == "GiB") {
        multiplier = 1024ULL * 1024 * 1024;
    }
    // Twelve digits of GiB would wrap around size_t into some unrelated small size.
    if (!number || multiplier == 0 || static_cast<std::size_t>(*number) > SIZE_MAX / multiplier) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(*number) * multiplier;
}

std::optional<HostPort> ParseHostPort(std::string_view text) {
    text = core::Trim(text);
    HostPort result;
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return std::nullopt;
        }
        result.host = std::string(text.substr(1, close - 1));
        port_text = text.substr(close + 2);
    } else {
        const std::size_t colon = text.rfind(':');
        if (colon == std::string_view::npos || text.find(':') != colon) {
            return std::nullopt;
        }
        result.host = std::string(text.substr(0, colon));
        port_text = text.substr(colon + 1);
    }
    if (result.host.empty()) {
        result.host = "0.0.0.0";
    }
    const auto port = core::ParseInt(port_text);
    if (!port || *port < 0 || *port > 65535) {
        return std::nullopt;
    }
    result.port = static_cast<std::uint16_t>(*port);
    return result;
}

namespace {

std::optional<std::array<std::uint8_t, 16>> ParseIp(std::string_view text) {
    std::array<std::uint8_t, 16> out{};
    const std::string s(text);
    in_addr v4{};
    if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
        out[10] = 0xFF;
        out[11] = 0xFF;
        std::memcpy(out.data() + 12, &v4, 4);
        return out;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
        std::memcpy(out.data(), &v6, 16);
        return out;
    }
    return std::nullopt;
}

}  // namespace

std::optional<Cidr> ParseCidr(std::string_view text) {
    text = core::Trim(text);
    const std::size_t slash = text.find('/');
    const std::string_view address = text.substr(0, slash);
    auto ip = ParseIp(address);
    if (!ip) {
        return std::nullopt;
    }
    const bool is_v4 = address.find(':') == std::string_view::npos;
    int prefix = is_v4 ? 32 : 128;
    if (slash != std::string_view::npos) {
        auto bits = core::ParseInt(text.substr(slash + 1));
        if (!bits || *bits < 0 || *bits > prefix) {
            return std::nullopt;
        }
        prefix = static_cast<int>(*bits);
    }
    Cidr cidr;
    cidr.text = std::string(text);
    cidr.address = *ip;
    cidr.prefix_bits = is_v4 ? prefix + 96 : prefix;
    return cidr;
}

bool CidrContains(const Cidr& cidr, std::string_view address) {
    auto ip = ParseIp(address);
    if (!ip) {
        return false;
    }
    int bits = cidr.prefix_bits;
    for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
        const std::uint8_t mask = bits >= 8 ? 0xFF : static_cast<std::uint8_t>(0xFF << (8 - bits));
        if ((cidr.address[i] & mask) != ((*ip)[i] & mask)) {
            return false;
        }
    }
    return true;
}

std::variant<Config, LoadErrors> ParseConfig(std::string_view toml_text, const std::string& source_name,
                                             const EnvLookup& env) {
    LoadErrors errors;
    toml::table root;
    try {
        root = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& e) {
        std::ostringstream line;
        line << source_name << ':' << e.source().begin.line << ": " << e.description();
        errors.lines.push_back(line.str());
        return errors;
    }
    ApplyEnv(root, env);

    Config config;
    config.source = source_name;
    std::vector<std::string>& out = errors.lines;

    TableReader top(&root, "", source_name, out);
    // Top-level keys: sections only.
    const toml::node* server_node = top.Get("server");
    const toml::node* storage_node = top.Get("storage");
    const toml::node* billing_node = top.Get("billing");
    const toml::node* providers_node = top.Get("providers");
    const toml::node* endpoints_node = top.Get("endpoints");
    top.ReportUnknown();

    if (server_node != nullptr) {
        if (const toml::table* table = server_node->as_table()) {
            TableReader reader(table, "server", source_name, out);
            ReadServer(reader, config.server);
            if (const toml::node* tls_node = reader.Get("tls"); tls_node != nullptr && tls_node->is_table()) {
                TableReader tls(tls_node->as_table(), "server.tls", source_name, out);
                TlsListener listener;
                listener.listen = {"0.0.0.0", 8443};
                ReadListen(tls, "listen", listener.listen);
                tls.String("cert_file", listener.cert_file);
                tls.String("key_file", listener.key_file);
                if (listener.cert_file.empty() || listener.key_file.empty()) {
                    tls.Error(tls_node, "cert_file", "cert_file and key_file are both required for TLS");
                }
                tls.ReportUnknown();
                config.server.tls = listener;
            }
            reader.ReportUnknown();
        } else {
            top.Error(server_node, "server", "expected a table");
        }
    }

    if (storage_node != nullptr) {
        if (const toml::table* table = storage_node->as_table()) {
            TableReader reader(table, "storage", source_name, out);
            reader.String("url", config.storage.url);
            reader.ReportUnknown();
            if (config.storage.url.rfind("sqlite://", 0) != 0 && config.storage.url.rfind("postgres://", 0) != 0 &&
                config.storage.url.rfind("postgresql://", 0) != 0) {
                reader.Error(reader.Get("url"), "url", "expected sqlite://PATH or postgres://...");
            }
        } else {
            top.Error(storage_node, "storage", "expected a table");
        }
    }
    config.storage.data_dir = DataDirFromUrl(config.storage.url);

    if (billing_node != nullptr) {
        if (const toml::table* table = billing_node->as_table()) {
            TableReader reader(table, "billing", source_name, out);
            BillingConfig& b = config.billing;
            auto percent = [&](std::string_view key, std::int64_t& target) {
                if (const toml::node* node = reader.Get(key)) {
                    auto text = node->value<std::string>();
                    auto parsed = (text && node->is_string()) ? ParsePercentBasisPoints(*text) : std::nullopt;
                    if (!parsed) {
                        reader.Error(node, key, "expected a percentage as a decimal string, like \"5.5\"");
                    } else {
                        target = *parsed;
                    }
                }
            };
            percent("platform_fee_percent", b.platform_fee_basis_points);
            reader.Usd("platform_fee_minimum_usd", b.platform_fee_minimum);
            percent("byok_fee_percent", b.byok_fee_basis_points);
            reader.Usd("byok_free_monthly_usd", b.byok_free_monthly);
            reader.Integer("free_requests_per_minute", b.free_requests_per_minute, 0, 1'000'000);
            reader.Integer("free_requests_per_day", b.free_requests_per_day, 0, 100'000'000);
            reader.Integer("free_requests_per_day_funded", b.free_requests_per_day_funded, 0, 100'000'000);
            reader.Usd("funded_threshold_usd", b.funded_threshold);
            reader.Integer("default_max_completion_tokens", b.default_max_completion_tokens, 1, 100'000'000);
            reader.Bool("synchronous_full", b.synchronous_full);
            reader.String("master_key_file", b.master_key_file);
            reader.String("master_key_env", b.master_key_env);
            reader.ReportUnknown();
        } else {
            top.Error(billing_node, "billing", "expected a table");
        }
    }

    std::set<std::string> provider_ids;
    if (providers_node != nullptr) {
        const toml::array* array = providers_node->as_array();
        if (array == nullptr || !array->is_array_of_tables()) {
            top.Error(providers_node, "providers", "expected [[providers]] tables");
        } else {
            std::size_t index = 0;
            for (const toml::node& node : *array) {
                TableReader reader(node.as_table(), "providers[" + std::to_string(index++) + "]", source_name, out);
                ProviderConfig provider;
                const bool id_ok = reader.String("id", provider.id);
                reader.String("name", provider.name);
                reader.String("adapter", provider.adapter);
                const bool base_url_ok = reader.String("base_url", provider.base_url);
                reader.String("api_key_env", provider.api_key_env);
                reader.String("api_key_file", provider.api_key_file);
                reader.StringMap("headers", provider.headers);
                reader.StringMap("options", provider.options);
                reader.String("ca_file", provider.ca_file);
                reader.Time("connect_timeout", provider.connect_timeout);
                reader.Time("first_byte_timeout", provider.first_byte_timeout);
                reader.Time("idle_timeout", provider.idle_timeout);
                reader.Time("total_timeout", provider.total_timeout);
                reader.Integer("max_idle_connections", provider.max_idle_connections, 0, 100'000);
                reader.ReportUnknown();
                if (provider.id.empty()) {
                    if (id_ok) {
                        reader.Error(&node, "id", "is required");
                    }
                } else if (!provider_ids.insert(provider.id).second) {
                    reader.Error(&node, "id", "duplicate provider id \"" + provider.id + "\"");
                }
                if (provider.name.empty()) {
                    provider.name = provider.id;
                }
                if (provider.adapter.empty()) {
                    provider.adapter = "openai-compatible";
                } else if (!IsKnownAdapter(provider.adapter)) {
                    reader.Error(reader.Get("adapter"), "adapter",
                                 "unknown adapter \"" + provider.adapter +
                                     "\" (openai, openai-compatible, anthropic, gemini, azure, bedrock)");
                }
                if (base_url_ok && provider.base_url.rfind("http://", 0) != 0 &&
                    provider.base_url.rfind("https://", 0) != 0) {
                    reader.Error(reader.Get("base_url"), "base_url", "expected an http:// or https:// URL");
                }
                if (!provider.api_key_env.empty()) {
                    if (auto key = env(provider.api_key_env); key && !key->empty()) {
                        provider.api_key = *key;
                    } else {
                        provider.key_missing = true;
                    }
                } else if (!provider.api_key_file.empty()) {
                    std::ifstream file(provider.api_key_file);
                    std::stringstream buffer;
                    buffer << file.rdbuf();
                    if (!file) {
                        reader.Error(reader.Get("api_key_file"), "api_key_file", "cannot read the file");
                    }
                    provider.api_key = std::string(core::Trim(buffer.str()));
                    provider.key_missing = provider.api_key.empty();
                }
                config.providers.push_back(std::move(provider));
            }
        }
    }

    if (endpoints_node != nullptr) {
        const toml::array* array = endpoints_node->as_array();
        if (array == nullptr || !array->is_array_of_tables()) {
            top.Error(endpoints_node, "endpoints", "expected [[endpoints]] tables");
        } else {
            std::size_t index = 0;
            std::set<std::pair<std::string, std::string>> seen;
            for (const toml::node& node : *array) {
                TableReader reader(node.as_table(), "endpoints[" + std::to_string(index++) + "]", source_name, out);
                EndpointConfig endpoint;
                const bool model_ok = reader.String("model", endpoint.model);
                const bool provider_ok = reader.String("provider", endpoint.provider);
                reader.String("upstream_model", endpoint.upstream_model);
                reader.String("name", endpoint.name);
                reader.String("kind", endpoint.kind);
                reader.Price("prompt_usd_per_mtok", endpoint.prompt_price);
                reader.Price("completion_usd_per_mtok", endpoint.completion_price);
                reader.Price("cache_read_usd_per_mtok", endpoint.cache_read_price);
                reader.Price("cache_write_usd_per_mtok", endpoint.cache_write_price);
                reader.Usd("request_usd", endpoint.request_price);
                reader.Usd("image_usd", endpoint.image_price);
                reader.Integer("context_length", endpoint.context_length, 0, 100'000'000);
                reader.Integer("max_completion_tokens", endpoint.max_completion_tokens, 0, 100'000'000);
                reader.StringList("supported_parameters", endpoint.supported_parameters);
                reader.String("quantization", endpoint.quantization);
                reader.StringList("input_modalities", endpoint.input_modalities);
                reader.StringList("output_modalities", endpoint.output_modalities);
                reader.ReportUnknown();
                const std::size_t slash = endpoint.model.find('/');
                if (endpoint.model.empty()) {
                    if (model_ok) {
                        reader.Error(&node, "model", "is required");
                    }
                } else if (slash == std::string::npos || slash == 0 || slash + 1 == endpoint.model.size() ||
                           endpoint.model.find(':') != std::string::npos) {
                    reader.Error(reader.Get("model"), "model",
                                 "expected a model id of the form author/slug, got \"" + endpoint.model + "\"");
                }
                if (endpoint.kind != "chat" && endpoint.kind != "embedding") {
                    reader.Error(reader.Get("kind"), "kind", "expected \"chat\" or \"embedding\"");
                }
                if (endpoint.provider.empty()) {
                    if (provider_ok) {
                        reader.Error(&node, "provider", "is required");
                    }
                } else if (provider_ids.count(endpoint.provider) == 0) {
                    reader.Error(reader.Get("provider"), "provider",
                                 "no [[providers]] entry has id \"" + endpoint.provider + "\"");
                }
                if (endpoint.upstream_model.empty()) {
                    endpoint.upstream_model = endpoint.model.substr(slash == std::string::npos ? 0 : slash + 1);
                }
                if (!seen.insert({endpoint.model, endpoint.provider}).second) {
                    reader.Error(&node, "model",
                                 "duplicate endpoint for " + endpoint.model + " on " + endpoint.provider);
                }
                config.endpoints.push_back(std::move(endpoint));
            }
        }
    }

    if (!errors.lines.empty()) {
        return errors;
    }
    return config;
}

std::variant<Config, LoadErrors> LoadConfig(const std::string& path, const EnvLookup& env) {
    if (path.empty()) {
        return ParseConfig("", "<defaults>", env);
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        LoadErrors errors;
        errors.lines.push_back(path + ": cannot open the configuration file");
        return errors;
    }
    std::stringstream buffer;
    buffer << file.rdbuf();
    return ParseConfig(buffer.str(), path, env);
}

}  // namespace switchyard::config
