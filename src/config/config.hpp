#pragma once
// Static configuration: the TOML file described in design.md, overridable by SWITCHYARD_* env.
// Loading validates everything and reports one line per problem; the result is immutable and
// shared by every thread (a reload builds a new one and swaps it atomically).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <variant>
#include <array>
#include <string>
#include <vector>

#include "core/money.hpp"

namespace switchyard::config {

using Duration = std::chrono::milliseconds;

/// Looks up an environment variable; injected so tests don't touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnv();

struct HostPort {
    std::string host;
    std::uint16_t port = 0;
};

/// An IPv4 or IPv6 network in CIDR form, for trusted proxies.
struct Cidr {
    std::string text;
    std::array<std::uint8_t, 16> address{};  // IPv4 stored as IPv4-mapped IPv6
    int prefix_bits = 0;                     // out of 128
};

struct TlsListener {
    HostPort listen;
    std::string cert_file;
    std::string key_file;
};

struct ServerConfig {
    HostPort listen{"127.0.0.1", 8080};
    std::optional<HostPort> admin_listen;  // /metrics etc. without a key, for operators
    std::optional<TlsListener> tls;
    int threads = 0;  // 0: one per core
    std::string admin_key_env = "SWITCHYARD_ADMIN_KEY";

    std::size_t max_header_bytes = 32 * 1024;
    std::size_t max_body_bytes = 32 * 1024 * 1024;  // base64 images are large
    std::size_t max_connections = 10'000;
    Duration header_read_timeout{10'000};
    Duration body_read_timeout{60'000};
    Duration idle_timeout{75'000};     // keep-alive between requests
    Duration write_timeout{60'000};    // a client that stops reading is dropped after this
    Duration request_timeout{600'000}; // the request's own deadline → 408
    Duration shutdown_grace{30'000};   // SIGTERM: in-flight streams may finish within this
    Duration stream_keepalive{5'000};  // SSE comment while waiting for a first token

    std::vector<Cidr> trusted_proxies;
    std::vector<std::string> cors_origins;  // "*" allows any origin
    std::string access_log = "stderr";      // "stderr", "stdout", "off" or a file path
    std::string log_level = "info";
};

struct StorageConfig {
    std::string url = "sqlite://./switchyard-data/switchyard.db";
    /// Directory of the SQLite file (holds admin.key); derived from `url`.
    std::string data_dir = "./switchyard-data";
};

/// Money rules (docs/ledger.md). Percentages are decimal strings parsed exactly.
struct BillingConfig {
    /// Platform fee on credit purchases: max(percent × amount, minimum). OpenRouter: 5.5 %, $0.80.
    std::int64_t platform_fee_basis_points = 550;
    core::Picodollars platform_fee_minimum = 800'000'000'000;  // $0.80
    /// Fee on BYOK requests, on what they would have cost, after a monthly allowance of that
    /// would-be spend. OpenRouter: 5 % above $25,000 a month.
    std::int64_t byok_fee_basis_points = 500;
    core::Picodollars byok_free_monthly = 25'000 * core::kPicoPerUsd;
    /// Free (`:free`) endpoints per key: OpenRouter's 20/min and 50/day, 1,000/day once the
    /// account has bought at least $10 of credits.
    std::int64_t free_requests_per_minute = 20;
    std::int64_t free_requests_per_day = 50;
    std::int64_t free_requests_per_day_funded = 1000;
    core::Picodollars funded_threshold = 10 * core::kPicoPerUsd;
    /// Completion tokens assumed for a hold when neither the request nor the endpoint bounds them.
    std::int64_t default_max_completion_tokens = 16'384;
    /// SQLite synchronous=FULL: durability across power loss, at some throughput.
    bool synchronous_full = false;
    /// Master key for BYOK secrets: a file holding 32 bytes as 64 hex characters, or the env
    /// variable named here. Never stored beside the database.
    std::string master_key_file;
    std::string master_key_env = "SWITCHYARD_MASTER_KEY";
};

struct ProviderConfig {
    std::string id;       // routing slug, e.g. "together"
    std::string name;     // display name in responses, e.g. "Together"
    std::string adapter;  // openai | openai-compatible | anthropic | gemini | azure | bedrock
    std::string base_url;
    std::string api_key_env;
    std::string api_key_file;
    /// The resolved key; empty when none is needed or when the named variable is unset.
    std::string api_key;
    bool key_missing = false;  // api_key_env named but unset: listed, not routable
    std::map<std::string, std::string> headers;
    std::string ca_file;  // extra CA bundle (PEM) for private upstreams
    Duration connect_timeout{10'000};
    Duration first_byte_timeout{120'000};
    Duration idle_timeout{60'000};
    Duration total_timeout{600'000};
    std::size_t max_idle_connections = 64;
    /// Adapter-specific options (e.g. azure api_version, bedrock region); kept as strings.
    std::map<std::string, std::string> options;
};

struct EndpointConfig {
    std::string model;           // public id, author/slug
    std::string kind = "chat";   // "chat" | "embedding"
    std::string provider;        // ProviderConfig::id
    std::string upstream_model;  // the provider's own name for it
    std::string name;            // display name of the model (optional)
    core::Picodollars prompt_price = 0;      // per token
    core::Picodollars completion_price = 0;  // per token
    core::Picodollars cache_read_price = 0;  // per token
    core::Picodollars cache_write_price = 0; // per token
    core::Picodollars request_price = 0;     // per request
    core::Picodollars image_price = 0;       // per input image
    std::int64_t context_length = 0;
    std::int64_t max_completion_tokens = 0;
    std::vector<std::string> supported_parameters;  // empty: the adapter's defaults
    std::string quantization;
    std::vector<std::string> input_modalities{"text"};
    std::vector<std::string> output_modalities{"text"};
};

struct Config {
    std::string source;  // file path, or "<defaults>"
    ServerConfig server;
    StorageConfig storage;
    BillingConfig billing;
    std::vector<ProviderConfig> providers;
    std::vector<EndpointConfig> endpoints;

    const ProviderConfig* FindProvider(const std::string& id) const;
};

/// Problems found while loading: one human-readable line each, `file:line: key: what`.
struct LoadErrors {
    std::vector<std::string> lines;
};

/// Parses and validates TOML text. `source_name` labels error lines.
std::variant<Config, LoadErrors> ParseConfig(std::string_view toml_text, const std::string& source_name,
                                             const EnvLookup& env);
/// Reads `path` (empty: built-in defaults) and parses it.
std::variant<Config, LoadErrors> LoadConfig(const std::string& path, const EnvLookup& env);

/// "5.5" (percent) → 550 basis points; at most two decimals, 0..100.
std::optional<std::int64_t> ParsePercentBasisPoints(std::string_view text);
/// "250ms", "30s", "5m", "1h" → milliseconds.
std::optional<Duration> ParseDuration(std::string_view text);
/// "4096", "16KiB", "32MiB", "1GiB" → bytes.
std::optional<std::size_t> ParseSize(std::string_view text);
/// "127.0.0.1:8080", "[::1]:0", ":8080" (all interfaces) → HostPort.
std::optional<HostPort> ParseHostPort(std::string_view text);
std::optional<Cidr> ParseCidr(std::string_view text);
/// True when `address` (IPv4 dotted or IPv6 text) lies in `cidr`.
bool CidrContains(const Cidr& cidr, std::string_view address);

/// The adapters switchyard knows; used to validate `providers.adapter`.
bool IsKnownAdapter(std::string_view adapter);

}  // namespace switchyard::config
