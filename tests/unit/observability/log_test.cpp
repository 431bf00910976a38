#include "observability/log.hpp"

#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/test_json.hpp"

namespace switchyard::observability {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::set<std::string> Keys(simdjson::dom::element root) {
    std::set<std::string> keys;
    for (auto field : root.get_object()) {
        keys.emplace(field.key);
    }
    return keys;
}

TEST(FormatAccessLine, FullRecord) {
    RequestRecord r;
    r.request_id = "req-1";
    r.generation_id = "gen-1";
    r.key_hash_prefix = "0123456789ab";
    r.client_address = "198.51.100.7";
    r.method = "POST";
    r.route = "chat_completions";
    r.path = "/api/v1/chat/completions?secret=sk-or-v1-in-the-path";
    r.model = "openai/gpt-4o-mini";
    r.provider = "OpenAI";
    r.status = 200;
    r.streamed = true;
    r.cancelled = true;
    r.error_kind = "upstream_reset";
    r.latency_s = 1.2345;
    r.ttft_s = 0.0125;
    r.prompt_tokens = 12;
    r.completion_tokens = 34;
    r.tokens_estimated = true;
    r.cost = 3'150'000;
    r.bytes_out = 4096;
    r.attempts = 2;
    const std::string line = FormatAccessLine(r, 1'750'000'000'123);
    simdjson::dom::parser parser;
    simdjson::dom::element root = testing::ParseJson(parser, line);
    EXPECT_EQ(Keys(root), (std::set<std::string>{"ts_ms",
                                                 "request_id",
                                                 "generation_id",
                                                 "client",
                                                 "key",
                                                 "method",
                                                 "route",
                                                 "status",
                                                 "model",
                                                 "provider",
                                                 "latency_ms",
                                                 "ttft_ms",
                                                 "prompt_tokens",
                                                 "completion_tokens",
                                                 "tokens_estimated",
                                                 "cost_usd",
                                                 "streamed",
                                                 "cancelled",
                                                 "error",
                                                 "attempts",
                                                 "bytes"}));
    EXPECT_EQ(root["ts_ms"].get_int64().value(), 1'750'000'000'123);
    EXPECT_EQ(root["key"].get_string().value(), "0123456789ab");
    EXPECT_EQ(root["latency_ms"].get_int64().value(), 1235);
    EXPECT_EQ(root["ttft_ms"].get_int64().value(), 13);
    EXPECT_EQ(root["bytes"].get_uint64().value(), 4096u);
    EXPECT_THAT(line, HasSubstr("\"cost_usd\":0.00000315"));
    // The path can carry query strings with secrets; the line never includes it.
    EXPECT_THAT(line, Not(HasSubstr("sk-or-v1")));
    EXPECT_THAT(line, Not(HasSubstr("secret")));
    EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(FormatAccessLine, MinimalRecordOmitsWhatDidNotHappen) {
    RequestRecord r;
    r.request_id = "req-2";
    r.method = "GET";
    r.route = "models";
    r.status = 200;
    r.attempts = 1;
    const std::string line = FormatAccessLine(r, 5);
    simdjson::dom::parser parser;
    simdjson::dom::element root = testing::ParseJson(parser, line);
    EXPECT_EQ(Keys(root), (std::set<std::string>{"ts_ms", "request_id", "client", "key", "method",
                                                 "route", "status", "latency_ms", "bytes"}));
}

TEST(FormatAccessLine, EscapesFieldsFromTheClient) {
    RequestRecord r;
    r.request_id = "id\"\n";
    r.model = "x\\\"";
    r.method = "GET";
    r.route = "models";
    const std::string line = FormatAccessLine(r, 0);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    simdjson::dom::parser parser;
    simdjson::dom::element root = testing::ParseJson(parser, line);
    EXPECT_EQ(root["request_id"].get_string().value(), "id\"\n");
    EXPECT_EQ(root["model"].get_string().value(), "x\\\"");
}

}  // namespace
}  // namespace switchyard::observability
