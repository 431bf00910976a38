#include "config/config.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <variant>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace switchyard::config {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

EnvLookup Env(std::map<std::string, std::string> values = {}) {
    return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
        auto found = values.find(name);
        if (found == values.end()) {
            return std::nullopt;
        }
        return found->second;
    };
}

Config MustParse(std::string_view toml, const EnvLookup& env = Env()) {
    auto result = ParseConfig(toml, "test.toml", env);
    if (auto* errors = std::get_if<LoadErrors>(&result)) {
        std::string all;
        for (const std::string& line : errors->lines) {
            all += line + "\n";
        }
        ADD_FAILURE() << "unexpected errors:\n" << all;
        return Config{};
    }
    return std::get<Config>(std::move(result));
}

std::vector<std::string> Errors(std::string_view toml, const EnvLookup& env = Env()) {
    auto result = ParseConfig(toml, "test.toml", env);
    if (auto* errors = std::get_if<LoadErrors>(&result)) {
        return errors->lines;
    }
    return {};
}

constexpr std::string_view kFull = R"([server]
listen = "0.0.0.0:9000"
admin_listen = "127.0.0.1:9001"
threads = 4
admin_key_env = "MY_ADMIN_KEY"
max_header_bytes = "16KiB"
max_body_bytes = 1048576
max_connections = 500
header_read_timeout = "5s"
body_read_timeout = "30s"
idle_timeout = "2m"
write_timeout = "45s"
request_timeout = "1h"
shutdown_grace = "250ms"
stream_keepalive = "3s"
trusted_proxies = ["10.0.0.0/8", "::1"]
cors_origins = ["https://app.example"]
access_log = "off"
log_level = "debug"

[server.tls]
listen = "[::]:8443"
cert_file = "/etc/sy/cert.pem"
key_file = "/etc/sy/key.pem"

[storage]
url = "sqlite:///var/lib/sy/switchyard.db"

[[providers]]
id = "openai"
name = "OpenAI"
adapter = "openai"
base_url = "https://api.openai.com/v1"
api_key_env = "OPENAI_API_KEY"
headers = { "X-Org" = "acme" }
options = { region = "us" }
ca_file = "/etc/sy/ca.pem"
connect_timeout = "2s"
first_byte_timeout = "30s"
idle_timeout = "10s"
total_timeout = "5m"
max_idle_connections = 8

[[providers]]
id = "local"
base_url = "http://127.0.0.1:11434/v1"

[[endpoints]]
model = "openai/gpt-4o-mini"
provider = "openai"
upstream_model = "gpt-4o-mini-2024-07-18"
name = "GPT-4o mini"
prompt_usd_per_mtok = "0.15"
completion_usd_per_mtok = "0.60"
cache_read_usd_per_mtok = "0.075"
cache_write_usd_per_mtok = "0.1875"
request_usd = "0.001"
image_usd = "0.000217"
context_length = 128000
max_completion_tokens = 16384
supported_parameters = ["tools", "temperature"]
quantization = "fp8"
input_modalities = ["text", "image"]
output_modalities = ["text"]

[[endpoints]]
model = "meta-llama/llama-3.3-70b-instruct"
provider = "local"
)";

TEST(ParseConfig, ReadsEveryServerKey) {
    const Config config = MustParse(kFull, Env({{"OPENAI_API_KEY", "sk-test"}}));
    const ServerConfig& s = config.server;
    EXPECT_EQ(config.source, "test.toml");
    EXPECT_EQ(s.listen.host, "0.0.0.0");
    EXPECT_EQ(s.listen.port, 9000);
    ASSERT_TRUE(s.admin_listen.has_value());
    EXPECT_EQ(s.admin_listen->host, "127.0.0.1");
    EXPECT_EQ(s.admin_listen->port, 9001);
    EXPECT_EQ(s.threads, 4);
    EXPECT_EQ(s.admin_key_env, "MY_ADMIN_KEY");
    EXPECT_EQ(s.max_header_bytes, 16u * 1024);
    EXPECT_EQ(s.max_body_bytes, 1048576u);
    EXPECT_EQ(s.max_connections, 500u);
    EXPECT_EQ(s.header_read_timeout, Duration(5'000));
    EXPECT_EQ(s.body_read_timeout, Duration(30'000));
    EXPECT_EQ(s.idle_timeout, Duration(120'000));
    EXPECT_EQ(s.write_timeout, Duration(45'000));
    EXPECT_EQ(s.request_timeout, Duration(3'600'000));
    EXPECT_EQ(s.shutdown_grace, Duration(250));
    EXPECT_EQ(s.stream_keepalive, Duration(3'000));
    ASSERT_EQ(s.trusted_proxies.size(), 2u);
    EXPECT_EQ(s.trusted_proxies[0].text, "10.0.0.0/8");
    EXPECT_TRUE(CidrContains(s.trusted_proxies[0], "10.20.30.40"));
    EXPECT_TRUE(CidrContains(s.trusted_proxies[1], "::1"));
    EXPECT_EQ(s.cors_origins, std::vector<std::string>{"https://app.example"});
    EXPECT_EQ(s.access_log, "off");
    EXPECT_EQ(s.log_level, "debug");
    ASSERT_TRUE(s.tls.has_value());
    EXPECT_EQ(s.tls->listen.host, "::");
    EXPECT_EQ(s.tls->listen.port, 8443);
    EXPECT_EQ(s.tls->cert_file, "/etc/sy/cert.pem");
    EXPECT_EQ(s.tls->key_file, "/etc/sy/key.pem");
    EXPECT_EQ(config.storage.url, "sqlite:///var/lib/sy/switchyard.db");
    EXPECT_EQ(config.storage.data_dir, "/var/lib/sy");
}

TEST(ParseConfig, ReadsProvidersAndEndpoints) {
    const Config config = MustParse(kFull, Env({{"OPENAI_API_KEY", "sk-test"}}));
    ASSERT_EQ(config.providers.size(), 2u);
    const ProviderConfig& openai = config.providers[0];
    EXPECT_EQ(openai.id, "openai");
    EXPECT_EQ(openai.name, "OpenAI");
    EXPECT_EQ(openai.adapter, "openai");
    EXPECT_EQ(openai.base_url, "https://api.openai.com/v1");
    EXPECT_EQ(openai.api_key_env, "OPENAI_API_KEY");
    EXPECT_EQ(openai.api_key, "sk-test");
    EXPECT_FALSE(openai.key_missing);
    EXPECT_EQ(openai.headers, (std::map<std::string, std::string>{{"X-Org", "acme"}}));
    EXPECT_EQ(openai.options, (std::map<std::string, std::string>{{"region", "us"}}));
    EXPECT_EQ(openai.ca_file, "/etc/sy/ca.pem");
    EXPECT_EQ(openai.connect_timeout, Duration(2'000));
    EXPECT_EQ(openai.first_byte_timeout, Duration(30'000));
    EXPECT_EQ(openai.idle_timeout, Duration(10'000));
    EXPECT_EQ(openai.total_timeout, Duration(300'000));
    EXPECT_EQ(openai.max_idle_connections, 8u);

    const ProviderConfig& local = config.providers[1];
    EXPECT_EQ(local.name, "local");                 // defaults to the id
    EXPECT_EQ(local.adapter, "openai-compatible");  // the default adapter
    EXPECT_TRUE(local.api_key.empty());
    EXPECT_FALSE(local.key_missing);  // no api_key_env: no key needed
    EXPECT_EQ(config.FindProvider("local"), &local);
    EXPECT_EQ(config.FindProvider("nope"), nullptr);

    ASSERT_EQ(config.endpoints.size(), 2u);
    const EndpointConfig& e = config.endpoints[0];
    EXPECT_EQ(e.model, "openai/gpt-4o-mini");
    EXPECT_EQ(e.provider, "openai");
    EXPECT_EQ(e.upstream_model, "gpt-4o-mini-2024-07-18");
    EXPECT_EQ(e.name, "GPT-4o mini");
    EXPECT_EQ(e.prompt_price, 150'000);
    EXPECT_EQ(e.completion_price, 600'000);
    EXPECT_EQ(e.cache_read_price, 75'000);
    EXPECT_EQ(e.cache_write_price, 187'500);
    EXPECT_EQ(e.request_price, 1'000'000'000);
    EXPECT_EQ(e.image_price, 217'000'000);
    EXPECT_EQ(e.context_length, 128000);
    EXPECT_EQ(e.max_completion_tokens, 16384);
    EXPECT_EQ(e.supported_parameters, (std::vector<std::string>{"tools", "temperature"}));
    EXPECT_EQ(e.quantization, "fp8");
    EXPECT_EQ(e.input_modalities, (std::vector<std::string>{"text", "image"}));
    EXPECT_EQ(e.output_modalities, std::vector<std::string>{"text"});

    const EndpointConfig& llama = config.endpoints[1];
    EXPECT_EQ(llama.upstream_model, "llama-3.3-70b-instruct");  // defaults to the slug
    EXPECT_EQ(llama.prompt_price, 0);
    EXPECT_EQ(llama.input_modalities, std::vector<std::string>{"text"});
}

TEST(ParseConfig, EmptyFileGivesDefaults) {
    const Config config = MustParse("");
    EXPECT_EQ(config.server.listen.host, "127.0.0.1");
    EXPECT_EQ(config.server.listen.port, 8080);
    EXPECT_FALSE(config.server.admin_listen.has_value());
    EXPECT_FALSE(config.server.tls.has_value());
    EXPECT_EQ(config.server.admin_key_env, "SWITCHYARD_ADMIN_KEY");
    EXPECT_EQ(config.storage.url, "sqlite://./switchyard-data/switchyard.db");
    EXPECT_EQ(config.storage.data_dir, "./switchyard-data");
    EXPECT_TRUE(config.providers.empty());
    EXPECT_TRUE(config.endpoints.empty());
}

TEST(ParseConfig, PostgresUrlKeepsTheDefaultDataDir) {
    const Config config = MustParse("[storage]\nurl = \"postgres://sy@db/switchyard\"\n");
    EXPECT_EQ(config.storage.url, "postgres://sy@db/switchyard");
    EXPECT_EQ(config.storage.data_dir, "./switchyard-data");
    EXPECT_EQ(MustParse("[storage]\nurl = \"sqlite://sy.db\"\n").storage.data_dir, ".");
}

TEST(ParseConfig, MissingApiKeyMakesTheProviderUnroutable) {
    constexpr std::string_view kToml = R"([[providers]]
id = "together"
base_url = "https://api.together.xyz/v1"
api_key_env = "TOGETHER_API_KEY"
)";
    const Config unset = MustParse(kToml);
    ASSERT_EQ(unset.providers.size(), 1u);
    EXPECT_TRUE(unset.providers[0].key_missing);
    EXPECT_TRUE(unset.providers[0].api_key.empty());
    EXPECT_TRUE(MustParse(kToml, Env({{"TOGETHER_API_KEY", ""}})).providers[0].key_missing);
    const Config set = MustParse(kToml, Env({{"TOGETHER_API_KEY", "tg-key"}}));
    EXPECT_FALSE(set.providers[0].key_missing);
    EXPECT_EQ(set.providers[0].api_key, "tg-key");
}

TEST(ParseConfig, ApiKeyFileIsRead) {
    char dir_template[] = "/tmp/sy-config-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    const std::string path = std::string(dir_template) + "/key";
    std::ofstream(path) << "  file-key \n";
    const std::string toml =
        "[[providers]]\nid = \"p\"\nbase_url = \"http://h\"\napi_key_file = \"" + path + "\"\n";
    const Config config = MustParse(toml);
    EXPECT_EQ(config.providers[0].api_key, "file-key");
    EXPECT_FALSE(config.providers[0].key_missing);
    std::remove(path.c_str());
    const auto errors = Errors(toml);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_THAT(errors[0], StartsWith("test.toml:4: providers[0].api_key_file: "));
    rmdir(dir_template);
}

TEST(ParseConfig, EnvironmentOverridesTheFile) {
    const Config config =
        MustParse("[server]\nlisten = \"127.0.0.1:1\"\nthreads = 2\n",
                  Env({{"SWITCHYARD_SERVER_LISTEN", "0.0.0.0:1234"},
                       {"SWITCHYARD_SERVER_THREADS", "8"},
                       {"SWITCHYARD_SERVER_REQUEST_TIMEOUT", "90s"},
                       {"SWITCHYARD_SERVER_TRUSTED_PROXIES", R"(["10.0.0.0/8", "fd00::/8"])"},
                       {"SWITCHYARD_SERVER_CORS_ORIGINS", R"(["*"])"},
                       {"SWITCHYARD_SERVER_ADMIN_LISTEN", "[::1]:9100"},
                       {"SWITCHYARD_SERVER_MAX_BODY_BYTES", "2MiB"},
                       {"SWITCHYARD_STORAGE_URL", "postgres://u@h/db"}}));
    EXPECT_EQ(config.server.listen.host, "0.0.0.0");
    EXPECT_EQ(config.server.listen.port, 1234);
    EXPECT_EQ(config.server.threads, 8);
    EXPECT_EQ(config.server.request_timeout, Duration(90'000));
    ASSERT_EQ(config.server.trusted_proxies.size(), 2u);
    EXPECT_EQ(config.server.trusted_proxies[1].text, "fd00::/8");
    EXPECT_EQ(config.server.cors_origins, std::vector<std::string>{"*"});
    ASSERT_TRUE(config.server.admin_listen.has_value());
    EXPECT_EQ(config.server.admin_listen->host, "::1");
    EXPECT_EQ(config.server.max_body_bytes, 2u * 1024 * 1024);
    EXPECT_EQ(config.storage.url, "postgres://u@h/db");
}

TEST(ParseConfig, EnvironmentWorksWithoutASection) {
    const Config config = MustParse(
        "", Env({{"SWITCHYARD_SERVER_LISTEN", ":7000"}, {"SWITCHYARD_SERVER_LOG_LEVEL", "warn"}}));
    EXPECT_EQ(config.server.listen.host, "0.0.0.0");
    EXPECT_EQ(config.server.listen.port, 7000);
    EXPECT_EQ(config.server.log_level, "warn");
}

TEST(ParseConfig, BadEnvironmentValueIsOneErrorNamingTheKey) {
    const auto errors = Errors("", Env({{"SWITCHYARD_SERVER_THREADS", "many"}}));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_THAT(errors[0], HasSubstr("server.threads: expected an integer"));
}

TEST(ParseConfig, ReportsEveryProblemOnItsOwnLine) {
    const auto errors = Errors("[server]\nthreads = \"4\"\nlog_level = \"loud\"\nbogus = 1\n");
    ASSERT_EQ(errors.size(), 3u);
    EXPECT_THAT(errors[0], StartsWith("test.toml:2: server.threads: "));
    EXPECT_THAT(errors[1], StartsWith("test.toml:3: server.log_level: "));
    EXPECT_THAT(errors[2], StartsWith("test.toml:4: server.bogus: unknown key"));
}

struct BadCase {
    const char* name;
    std::string toml;
    std::string prefix;  // the whole error line starts with this: file:line: key:
};

void PrintTo(const BadCase& c, std::ostream* os) {
    *os << c.name;
}

constexpr const char* kProvider =
    "[[providers]]\nid = \"p\"\nbase_url = \"http://h\"\n";  // lines 1-3

class InvalidConfig : public ::testing::TestWithParam<BadCase> {};

TEST_P(InvalidConfig, ProducesExactlyOneLineNamingFileLineAndKey) {
    const BadCase& c = GetParam();
    const auto errors = Errors(c.toml);
    ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
    EXPECT_THAT(errors[0], StartsWith(c.prefix));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, InvalidConfig,
    ::testing::Values(
        BadCase{"unknown_top_level_key", "bogus = 1\n", "test.toml:1: bogus: unknown key"},
        BadCase{"unknown_server_key", "[server]\nlisten_addr = \"x\"\n",
                "test.toml:2: server.listen_addr: unknown key"},
        BadCase{"unknown_tls_key", "[server.tls]\ncert_file = \"c\"\nkey_file = \"k\"\nca = 1\n",
                "test.toml:4: server.tls.ca: unknown key"},
        BadCase{"unknown_provider_key", std::string(kProvider) + "apikey = \"x\"\n",
                "test.toml:4: providers[0].apikey: unknown key"},
        BadCase{"unknown_endpoint_key",
                std::string(kProvider) +
                    "[[endpoints]]\nmodel = \"a/b\"\nprovider = \"p\"\nprice = \"1\"\n",
                "test.toml:7: endpoints[0].price: unknown key"},
        BadCase{"server_not_a_table", "server = 5\n", "test.toml:1: server: expected a table"},
        BadCase{"providers_not_tables", "providers = 5\n",
                "test.toml:1: providers: expected [[providers]] tables"},
        BadCase{"threads_wrong_type", "[server]\nthreads = \"4\"\n",
                "test.toml:2: server.threads: expected an integer"},
        BadCase{"threads_float", "[server]\nthreads = 4.0\n",
                "test.toml:2: server.threads: expected an integer"},
        BadCase{"threads_out_of_range", "[server]\nthreads = 1000\n",
                "test.toml:2: server.threads: must be between 0 and 256"},
        BadCase{"listen_wrong_type", "[server]\nlisten = 8080\n",
                "test.toml:2: server.listen: expected a string"},
        BadCase{"listen_unparseable", "[server]\nlisten = \"localhost\"\n",
                "test.toml:2: server.listen: expected host:port"},
        BadCase{"admin_key_env_wrong_type", "[server]\nadmin_key_env = true\n",
                "test.toml:2: server.admin_key_env: expected a string"},
        BadCase{"duration_without_unit", "[server]\nidle_timeout = \"30\"\n",
                "test.toml:2: server.idle_timeout: expected a duration"},
        BadCase{"duration_as_number", "[server]\nidle_timeout = 30\n",
                "test.toml:2: server.idle_timeout: expected a duration"},
        BadCase{"duration_fractional", "[server]\nrequest_timeout = \"1.5s\"\n",
                "test.toml:2: server.request_timeout: expected a duration"},
        BadCase{"duration_unknown_unit", "[server]\nshutdown_grace = \"1d\"\n",
                "test.toml:2: server.shutdown_grace: expected a duration"},
        BadCase{"size_bad_unit", "[server]\nmax_body_bytes = \"32MB\"\n",
                "test.toml:2: server.max_body_bytes: expected a size"},
        BadCase{"size_negative", "[server]\nmax_body_bytes = -1\n",
                "test.toml:2: server.max_body_bytes: expected a size"},
        BadCase{"size_overflow", "[server]\nmax_body_bytes = \"999999999999GiB\"\n",
                "test.toml:2: server.max_body_bytes: expected a size"},
        BadCase{"size_too_small", "[server]\nmax_header_bytes = 100\n",
                "test.toml:2: server.max_header_bytes: must be at least 1024"},
        BadCase{"max_connections_zero", "[server]\nmax_connections = 0\n",
                "test.toml:2: server.max_connections: must be between 1 and 1000000"},
        BadCase{"log_level", "[server]\nlog_level = \"loud\"\n",
                "test.toml:2: server.log_level: expected trace"},
        BadCase{"cors_not_a_list", "[server]\ncors_origins = \"*\"\n",
                "test.toml:2: server.cors_origins: expected an array of strings"},
        BadCase{"trusted_proxy_bad_prefix", "[server]\ntrusted_proxies = [\"10.0.0.0/33\"]\n",
                "test.toml:2: server.trusted_proxies: \"10.0.0.0/33\" is not an IP address or CIDR "
                "network"},
        BadCase{"trusted_proxy_hostname", "[server]\ntrusted_proxies = [\"proxy.local\"]\n",
                "test.toml:2: server.trusted_proxies: "},
        BadCase{"tls_not_a_table", "[server]\ntls = \"yes\"\n",
                "test.toml:2: server.tls: expected a table"},
        BadCase{"tls_without_key", "[server.tls]\ncert_file = \"c\"\n",
                "test.toml:1: server.tls.cert_file: "},
        BadCase{"storage_scheme", "[storage]\nurl = \"mysql://db\"\n",
                "test.toml:2: storage.url: expected sqlite://"},
        BadCase{"provider_without_id", "[[providers]]\nbase_url = \"http://h\"\n",
                "test.toml:1: providers[0].id: is required"},
        BadCase{"provider_id_wrong_type", "[[providers]]\nid = 7\nbase_url = \"http://h\"\n",
                "test.toml:2: providers[0].id: expected a string"},
        BadCase{"duplicate_provider_id", std::string(kProvider) + kProvider,
                "test.toml:4: providers[1].id: duplicate provider id \"p\""},
        BadCase{"unknown_adapter", std::string(kProvider) + "adapter = \"grpc\"\n",
                "test.toml:4: providers[0].adapter: unknown adapter \"grpc\""},
        BadCase{"base_url_scheme", "[[providers]]\nid = \"p\"\nbase_url = \"ftp://h\"\n",
                "test.toml:3: providers[0].base_url: expected an http:// or https:// URL"},
        BadCase{"base_url_wrong_type", "[[providers]]\nid = \"p\"\nbase_url = 1\n",
                "test.toml:3: providers[0].base_url: expected a string"},
        BadCase{"provider_timeout", std::string(kProvider) + "connect_timeout = \"soon\"\n",
                "test.toml:4: providers[0].connect_timeout: expected a duration"},
        BadCase{"provider_header_not_string", std::string(kProvider) + "headers = { X-A = 1 }\n",
                "test.toml:4: providers[0].headers.X-A: expected a string"},
        BadCase{"price_too_precise",
                std::string(kProvider) + "[[endpoints]]\nmodel = \"a/b\"\nprovider = "
                                         "\"p\"\nprompt_usd_per_mtok = \"0.1234567\"\n",
                "test.toml:7: endpoints[0].prompt_usd_per_mtok: expected a non-negative decimal "
                "USD amount per million "
                "tokens with at most 6 decimals, got \"0.1234567\""},
        BadCase{
            "price_as_float",
            std::string(kProvider) +
                "[[endpoints]]\nmodel = \"a/b\"\nprovider = \"p\"\ncompletion_usd_per_mtok = 0.6\n",
            "test.toml:7: endpoints[0].completion_usd_per_mtok: expected a decimal string"},
        BadCase{"price_negative",
                std::string(kProvider) + "[[endpoints]]\nmodel = \"a/b\"\nprovider = "
                                         "\"p\"\ncache_read_usd_per_mtok = \"-1\"\n",
                "test.toml:7: endpoints[0].cache_read_usd_per_mtok: expected a non-negative"},
        BadCase{
            "request_price_too_precise",
            std::string(kProvider) + "[[endpoints]]\nmodel = \"a/b\"\nprovider = "
                                     "\"p\"\nrequest_usd = \"0.0000000000001\"\n",
            "test.toml:7: endpoints[0].request_usd: expected a non-negative decimal USD string"},
        BadCase{"image_price_as_integer",
                std::string(kProvider) +
                    "[[endpoints]]\nmodel = \"a/b\"\nprovider = \"p\"\nimage_usd = 1\n",
                "test.toml:7: endpoints[0].image_usd: expected a non-negative decimal USD string"},
        BadCase{"context_length_wrong_type",
                std::string(kProvider) +
                    "[[endpoints]]\nmodel = \"a/b\"\nprovider = \"p\"\ncontext_length = \"128k\"\n",
                "test.toml:7: endpoints[0].context_length: expected an integer"},
        BadCase{
            "supported_parameters_not_strings",
            std::string(kProvider) +
                "[[endpoints]]\nmodel = \"a/b\"\nprovider = \"p\"\nsupported_parameters = [1]\n",
            "test.toml:7: endpoints[0].supported_parameters: expected an array of strings"},
        BadCase{"endpoint_unknown_provider",
                std::string(kProvider) + "[[endpoints]]\nmodel = \"a/b\"\nprovider = \"nope\"\n",
                "test.toml:6: endpoints[0].provider: no [[providers]] entry has id \"nope\""},
        BadCase{"endpoint_provider_wrong_type",
                std::string(kProvider) + "[[endpoints]]\nmodel = \"a/b\"\nprovider = 1\n",
                "test.toml:6: endpoints[0].provider: expected a string"},
        BadCase{"endpoint_without_model",
                std::string(kProvider) + "[[endpoints]]\nprovider = \"p\"\n",
                "test.toml:4: endpoints[0].model: is required"},
        BadCase{"model_wrong_type",
                std::string(kProvider) + "[[endpoints]]\nmodel = 1\nprovider = \"p\"\n",
                "test.toml:5: endpoints[0].model: expected a string"},
        BadCase{"model_without_author",
                std::string(kProvider) + "[[endpoints]]\nmodel = \"gpt-4o\"\nprovider = \"p\"\n",
                "test.toml:5: endpoints[0].model: expected a model id of the form author/slug, got "
                "\"gpt-4o\""},
        BadCase{"model_empty_author",
                std::string(kProvider) + "[[endpoints]]\nmodel = \"/gpt-4o\"\nprovider = \"p\"\n",
                "test.toml:5: endpoints[0].model: expected a model id"},
        BadCase{"model_empty_slug",
                std::string(kProvider) + "[[endpoints]]\nmodel = \"openai/\"\nprovider = \"p\"\n",
                "test.toml:5: endpoints[0].model: expected a model id"},
        BadCase{"model_with_variant",
                std::string(kProvider) +
                    "[[endpoints]]\nmodel = \"openai/gpt-4o:free\"\nprovider = \"p\"\n",
                "test.toml:5: endpoints[0].model: expected a model id"},
        BadCase{
            "duplicate_endpoint",
            std::string(kProvider) + "[[endpoints]]\nmodel = \"a/b\"\nprovider = "
                                     "\"p\"\n[[endpoints]]\nmodel = \"a/b\"\nprovider = \"p\"\n",
            "test.toml:7: endpoints[1].model: duplicate endpoint for a/b on p"},
        BadCase{"toml_syntax", "[server]\nlisten = \"unterminated\n", "test.toml:2: "}),
    [](const ::testing::TestParamInfo<BadCase>& param_info) {
        return std::string(param_info.param.name);
    });

TEST(LoadConfig, ReadsAFileOrReportsItMissing) {
    const auto missing = LoadConfig("/nonexistent/switchyard.toml", Env());
    ASSERT_TRUE(std::holds_alternative<LoadErrors>(missing));
    ASSERT_EQ(std::get<LoadErrors>(missing).lines.size(), 1u);
    EXPECT_EQ(std::get<LoadErrors>(missing).lines[0],
              "/nonexistent/switchyard.toml: cannot open the configuration file");

    const auto defaults = LoadConfig("", Env());
    ASSERT_TRUE(std::holds_alternative<Config>(defaults));
    EXPECT_EQ(std::get<Config>(defaults).source, "<defaults>");

    char path[] = "/tmp/sy-config-XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    close(fd);
    std::ofstream(path) << "[server]\nlisten = \"127.0.0.1:0\"\n";
    const auto loaded = LoadConfig(path, Env());
    std::remove(path);
    ASSERT_TRUE(std::holds_alternative<Config>(loaded));
    EXPECT_EQ(std::get<Config>(loaded).server.listen.port, 0);
    EXPECT_EQ(std::get<Config>(loaded).source, path);
}

TEST(ParseDuration, ParsesUnits) {
    EXPECT_EQ(ParseDuration("250ms"), Duration(250));
    EXPECT_EQ(ParseDuration("30s"), Duration(30'000));
    EXPECT_EQ(ParseDuration("5m"), Duration(300'000));
    EXPECT_EQ(ParseDuration("1h"), Duration(3'600'000));
    EXPECT_EQ(ParseDuration("0s"), Duration(0));
    EXPECT_EQ(ParseDuration(" 2s "), Duration(2'000));
    EXPECT_EQ(ParseDuration("999999999999h"), Duration(999'999'999'999LL * 3'600'000));
}

TEST(ParseDuration, RejectsWhatIsNotADuration) {
    for (const char* text : {"", "s", "10", "1.5s", "-1s", "+1s", "10d", "10 s", "10S", "10sec",
                             "1000000000000ms", "ms10", "1h30m"}) {
        EXPECT_EQ(ParseDuration(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(ParseSize, ParsesBinaryUnits) {
    EXPECT_EQ(ParseSize("4096"), 4096u);
    EXPECT_EQ(ParseSize("10B"), 10u);
    EXPECT_EQ(ParseSize("16KiB"), 16u * 1024);
    EXPECT_EQ(ParseSize("32MiB"), 32u * 1024 * 1024);
    EXPECT_EQ(ParseSize("1GiB"), 1024u * 1024 * 1024);
    EXPECT_EQ(ParseSize("2 MiB"), 2u * 1024 * 1024);
    EXPECT_EQ(ParseSize("0"), 0u);
}

TEST(ParseSize, RejectsUnknownUnitsAndOverflow) {
    for (const char* text : {"", "KiB", "1KB", "1kib", "1MB", "-1", "1.5MiB", "1 TiB",
                             "9999999999999", "999999999999GiB"}) {
        EXPECT_EQ(ParseSize(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(ParseHostPort, ParsesHostsAndPorts) {
    auto v4 = ParseHostPort("127.0.0.1:8080");
    ASSERT_TRUE(v4.has_value());
    EXPECT_EQ(v4->host, "127.0.0.1");
    EXPECT_EQ(v4->port, 8080);
    auto v6 = ParseHostPort("[::1]:0");
    ASSERT_TRUE(v6.has_value());
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 0);
    auto any = ParseHostPort(":8080");
    ASSERT_TRUE(any.has_value());
    EXPECT_EQ(any->host, "0.0.0.0");
    auto name = ParseHostPort("localhost:65535");
    ASSERT_TRUE(name.has_value());
    EXPECT_EQ(name->host, "localhost");
    EXPECT_EQ(name->port, 65535);
}

TEST(ParseHostPort, RejectsMalformedAddresses) {
    for (const char* text : {"", "127.0.0.1", "::1:80", "[::1]", "[::1]80", "[::1:80", "host:65536",
                             "host:-1", "host:", "host:abc", "host:80:81"}) {
        EXPECT_EQ(ParseHostPort(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(Cidr, ContainsIPv4Addresses) {
    auto net = ParseCidr("10.0.0.0/8");
    ASSERT_TRUE(net.has_value());
    EXPECT_EQ(net->text, "10.0.0.0/8");
    EXPECT_TRUE(CidrContains(*net, "10.0.0.1"));
    EXPECT_TRUE(CidrContains(*net, "10.255.255.255"));
    EXPECT_FALSE(CidrContains(*net, "11.0.0.1"));
    EXPECT_FALSE(CidrContains(*net, "9.255.255.255"));
    EXPECT_FALSE(CidrContains(*net, "not an address"));
    EXPECT_FALSE(CidrContains(*net, ""));

    auto odd = ParseCidr("192.168.1.0/23");
    ASSERT_TRUE(odd.has_value());
    EXPECT_TRUE(CidrContains(*odd, "192.168.0.77"));
    EXPECT_TRUE(CidrContains(*odd, "192.168.1.200"));
    EXPECT_FALSE(CidrContains(*odd, "192.168.2.1"));

    auto host = ParseCidr("192.168.1.7");  // a bare address is a /32
    ASSERT_TRUE(host.has_value());
    EXPECT_TRUE(CidrContains(*host, "192.168.1.7"));
    EXPECT_FALSE(CidrContains(*host, "192.168.1.8"));

    auto all_v4 = ParseCidr("0.0.0.0/0");
    ASSERT_TRUE(all_v4.has_value());
    EXPECT_TRUE(CidrContains(*all_v4, "203.0.113.9"));
    EXPECT_FALSE(CidrContains(*all_v4, "2001:db8::1"));  // IPv4 networks hold no native IPv6
}

TEST(Cidr, ContainsIPv6Addresses) {
    auto net = ParseCidr("2001:db8::/32");
    ASSERT_TRUE(net.has_value());
    EXPECT_TRUE(CidrContains(*net, "2001:db8:1::5"));
    EXPECT_TRUE(CidrContains(*net, "2001:DB8:ffff::"));
    EXPECT_FALSE(CidrContains(*net, "2001:db9::1"));
    EXPECT_FALSE(CidrContains(*net, "10.0.0.1"));

    auto loopback = ParseCidr("::1");
    ASSERT_TRUE(loopback.has_value());
    EXPECT_TRUE(CidrContains(*loopback, "::1"));
    EXPECT_FALSE(CidrContains(*loopback, "::2"));

    auto all = ParseCidr("::/0");
    ASSERT_TRUE(all.has_value());
    EXPECT_TRUE(CidrContains(*all, "2001:db8::1"));
    EXPECT_TRUE(CidrContains(*all, "127.0.0.1"));
}

TEST(Cidr, TreatsIPv4MappedAddressesAsIPv4) {
    auto v4 = ParseCidr("10.0.0.0/8");
    ASSERT_TRUE(v4.has_value());
    EXPECT_TRUE(CidrContains(*v4, "::ffff:10.1.2.3"));
    EXPECT_FALSE(CidrContains(*v4, "::ffff:11.1.2.3"));
    auto mapped = ParseCidr("::ffff:10.0.0.0/104");
    ASSERT_TRUE(mapped.has_value());
    EXPECT_TRUE(CidrContains(*mapped, "10.9.8.7"));
    EXPECT_FALSE(CidrContains(*mapped, "11.9.8.7"));
}

TEST(Cidr, RejectsMalformedNetworks) {
    for (const char* text : {"", "abc", "10.0.0/8", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/",
                             "10.0.0.0/x", "::/129", "10.0.0.256", "1.2.3.4/8/8", "fe80::1%eth0"}) {
        EXPECT_EQ(ParseCidr(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(IsKnownAdapter, KnowsTheDocumentedAdapters) {
    for (const char* adapter :
         {"openai", "openai-compatible", "anthropic", "gemini", "azure", "bedrock"}) {
        EXPECT_TRUE(IsKnownAdapter(adapter)) << adapter;
    }
    EXPECT_FALSE(IsKnownAdapter("OpenAI"));
    EXPECT_FALSE(IsKnownAdapter(""));
}

}  // namespace
}  // namespace switchyard::config
