#include <string>

#include <gtest/gtest.h>

#include "providers/common/errors.hpp"
#include "providers/openai/openai.hpp"

namespace switchyard::providers::openai {
namespace {

using core::Errc;

core::Result<canonical::ChatResponse> Parse(std::string_view body) {
    return OpenAiAdapter().ParseChat(body);
}

TEST(ParseChat, ReadsContentUsageAndMetadata) {
    auto parsed = Parse(R"({"id":"chatcmpl-abc","object":"chat.completion","created":1741569952,
        "model":"gpt-4o-2024-08-06","system_fingerprint":"fp_50cad350e4","service_tier":"default",
        "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there.","refusal":null},
                    "logprobs":null,"finish_reason":"stop"}],
        "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
                 "prompt_tokens_details":{"cached_tokens":3,"audio_tokens":1},
                 "completion_tokens_details":{"reasoning_tokens":4,"audio_tokens":0,
                    "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}})");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->upstream_id, "chatcmpl-abc");
    EXPECT_EQ(parsed->model, "gpt-4o-2024-08-06");
    EXPECT_EQ(parsed->created, 1741569952);
    EXPECT_EQ(parsed->system_fingerprint, "fp_50cad350e4");
    EXPECT_EQ(parsed->service_tier, "default");
    ASSERT_EQ(parsed->choices.size(), 1u);
    const canonical::Choice& choice = parsed->choices[0];
    EXPECT_EQ(choice.index, 0);
    EXPECT_EQ(choice.message.role, canonical::Role::kAssistant);
    EXPECT_EQ(choice.message.Text(), "Hello there.");
    EXPECT_FALSE(choice.message.content_is_null);
    EXPECT_TRUE(choice.message.refusal.empty());
    EXPECT_TRUE(choice.logprobs.empty());
    EXPECT_EQ(choice.finish_reason, "stop");
    EXPECT_EQ(choice.native_finish_reason, "stop");
    ASSERT_TRUE(parsed->usage.has_value());
    EXPECT_EQ(parsed->usage->prompt_tokens, 19);
    EXPECT_EQ(parsed->usage->completion_tokens, 10);
    EXPECT_EQ(parsed->usage->cached_tokens, 3);
    EXPECT_EQ(parsed->usage->audio_prompt_tokens, 1);
    EXPECT_EQ(parsed->usage->reasoning_tokens, 4);
    EXPECT_EQ(parsed->usage->cache_write_tokens, 0);
    EXPECT_FALSE(parsed->usage->estimated);
}

TEST(ParseChat, ReadsToolCallsAndNullContent) {
    auto parsed =
        Parse(R"({"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":null,
        "tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                      {"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
        "finish_reason":"tool_calls"}]})");
    ASSERT_TRUE(parsed.has_value());
    const canonical::Message& message = parsed->choices[0].message;
    EXPECT_TRUE(message.content_is_null);
    EXPECT_TRUE(message.content.empty());
    ASSERT_EQ(message.tool_calls.size(), 2u);
    EXPECT_EQ(message.tool_calls[0].id, "call_a");
    EXPECT_EQ(message.tool_calls[0].name, "get_weather");
    EXPECT_EQ(message.tool_calls[0].arguments, R"({"city":"Paris"})");
    EXPECT_EQ(message.tool_calls[1].name, "get_time");
    EXPECT_EQ(parsed->choices[0].finish_reason, "tool_calls");
    EXPECT_FALSE(parsed->usage.has_value());
}

TEST(ParseChat, ReadsReasoningFieldsOfEitherName) {
    auto a = Parse(R"({"choices":[{"message":{"content":"4","reasoning":"2+2",
        "reasoning_details":[{"type":"reasoning.text","text":"2+2"}]},"finish_reason":"stop"}]})");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->choices[0].message.reasoning, "2+2");
    EXPECT_EQ(a->choices[0].message.reasoning_details,
              R"([{"type":"reasoning.text","text":"2+2"}])");
    auto b = Parse(
        R"({"choices":[{"message":{"content":"4","reasoning_content":"two plus two"},"finish_reason":"stop"}]})");
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->choices[0].message.reasoning, "two plus two");
}

TEST(ParseChat, ReadsRefusalLogprobsAndArrayContent) {
    auto parsed = Parse(R"({"choices":[
        {"index":0,"message":{"content":null,"refusal":"I can't help with that."},"finish_reason":"content_filter",
         "logprobs":{"content":[{"token":"I","logprob":-0.1}]}},
        {"index":1,"message":{"content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},"finish_reason":"length"}],
        "usage":null})");
    ASSERT_TRUE(parsed.has_value());
    ASSERT_EQ(parsed->choices.size(), 2u);
    EXPECT_EQ(parsed->choices[0].message.refusal, "I can't help with that.");
    EXPECT_EQ(parsed->choices[0].finish_reason, "content_filter");
    EXPECT_EQ(parsed->choices[0].logprobs, R"({"content":[{"token":"I","logprob":-0.1}]})");
    EXPECT_EQ(parsed->choices[1].index, 1);
    EXPECT_EQ(parsed->choices[1].message.Text(), "ab");
    EXPECT_EQ(parsed->choices[1].finish_reason, "length");
    EXPECT_FALSE(parsed->usage.has_value());
}

TEST(ParseChat, CacheWriteTokensAndFloatCounts) {
    auto parsed = Parse(R"({"choices":[],"usage":{"prompt_tokens":1.0e3,"completion_tokens":5,
        "prompt_tokens_details":{"cached_tokens":200,"cache_write_tokens":100}}})");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->usage->prompt_tokens, 1000);
    EXPECT_EQ(parsed->usage->cached_tokens, 200);
    EXPECT_EQ(parsed->usage->cache_write_tokens, 100);
}

TEST(ParseChat, AnErrorObjectInA200BodyIsAnError) {
    auto generic = Parse(R"({"error":{"message":"The server had an error","code":500}})");
    ASSERT_FALSE(generic.has_value());
    EXPECT_EQ(generic.error().code, Errc::kUpstreamStreamError);
    EXPECT_EQ(generic.error().message, "The server had an error");
    EXPECT_EQ(generic.error().raw, R"({"error":{"message":"The server had an error","code":500}})");

    auto limited = Parse(R"({"error":{"message":"Slow down","type":"rate_limit_exceeded"}})");
    ASSERT_FALSE(limited.has_value());
    EXPECT_EQ(limited.error().code, Errc::kUpstreamRateLimited);

    auto context = Parse(
        R"({"error":{"message":"This model's maximum context length is 8192 tokens","code":"context_length_exceeded"}})");
    ASSERT_FALSE(context.has_value());
    EXPECT_EQ(context.error().code, Errc::kUpstreamContextLength);

    // `"error": null` is not an error.
    EXPECT_TRUE(Parse(R"({"error":null,"choices":[]})").has_value());
}

TEST(ParseChat, MalformedBodies) {
    for (std::string_view body : {"", "not json", "{\"choices\":[", "[1,2]", "\"text\"",
                                  "{\"id\":\"x\"}", "{\"choices\":{}}"}) {
        auto parsed = Parse(body);
        ASSERT_FALSE(parsed.has_value()) << body;
        EXPECT_EQ(parsed.error().code, Errc::kUpstreamMalformed) << body;
        EXPECT_EQ(parsed.error().HttpStatus(), 502);
    }
}

TEST(ParseError, RateLimitKeepsRetryAfter) {
    const std::string body =
        R"({"error":{"message":"Rate limit reached for gpt-4o","type":"requests","param":null,"code":"rate_limit_exceeded"}})";
    const core::Error error = OpenAiAdapter().ParseError(429, body, 7, "OpenAI");
    EXPECT_EQ(error.code, Errc::kUpstreamRateLimited);
    EXPECT_EQ(error.HttpStatus(), 429);
    EXPECT_EQ(error.retry_after_s, 7);
    EXPECT_EQ(error.message, "Rate limit reached for gpt-4o");
    EXPECT_EQ(error.provider_name, "OpenAI");
    EXPECT_EQ(error.raw, body);
    EXPECT_TRUE(error.RetryElsewhere());
}

struct StatusCase {
    int status;
    std::string body;
    Errc code;
    int client_status;
};

void PrintTo(const StatusCase& c, std::ostream* os) {
    *os << c.status << " " << c.body;
}

class ParseErrorStatus : public ::testing::TestWithParam<StatusCase> {};

TEST_P(ParseErrorStatus, Classifies) {
    const StatusCase& c = GetParam();
    const core::Error error = OpenAiAdapter().ParseError(c.status, c.body, std::nullopt, "Prov");
    EXPECT_EQ(error.code, c.code) << core::Info(error.code).name;
    EXPECT_EQ(error.HttpStatus(), c.client_status);
    EXPECT_EQ(error.provider_name, "Prov");
    EXPECT_FALSE(error.retry_after_s.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseErrorStatus,
    ::testing::Values(
        StatusCase{429, R"({"error":{"message":"quota","type":"insufficient_quota"}})",
                   Errc::kUpstreamRateLimited, 429},
        StatusCase{503, R"({"error":{"message":"The engine is currently overloaded"}})",
                   Errc::kUpstreamOverloaded, 502},
        StatusCase{529,
                   R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})",
                   Errc::kUpstreamOverloaded, 502},
        StatusCase{401,
                   R"({"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}})",
                   Errc::kUpstreamAuth, 502},
        StatusCase{403, R"({"error":{"message":"Country not supported"}})", Errc::kUpstreamAuth,
                   502},
        StatusCase{
            404,
            R"({"error":{"message":"The model `gpt-5` does not exist","code":"model_not_found"}})",
            Errc::kUpstreamNotFound, 404},
        StatusCase{
            400,
            R"({"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}})",
            Errc::kUpstreamContextLength, 400},
        StatusCase{413,
                   R"({"error":{"message":"prompt is too long: 210000 tokens > 200000 maximum"}})",
                   Errc::kUpstreamContextLength, 413},
        StatusCase{400,
                   R"({"error":{"message":"Your request was rejected","code":"content_filter"}})",
                   Errc::kUpstreamContentFilter, 403},
        StatusCase{
            400,
            R"({"error":{"message":"Invalid value for 'temperature'","type":"invalid_request_error"}})",
            Errc::kUpstreamBadRequest, 400},
        StatusCase{422, R"({"error":{"message":"Unprocessable"}})", Errc::kUpstreamBadRequest, 422},
        StatusCase{409, "", Errc::kUpstreamBadRequest, 409},
        StatusCase{500, R"({"error":{"message":"The server had an error","type":"server_error"}})",
                   Errc::kUpstreamServerError, 502},
        StatusCase{502, "<html>Bad Gateway</html>", Errc::kUpstreamServerError, 502},
        StatusCase{504, "", Errc::kUpstreamServerError, 502},
        StatusCase{408, "", Errc::kUpstreamServerError, 502}));

TEST(ParseError, FindsTheMessageInOtherShapes) {
    OpenAiAdapter adapter;
    EXPECT_EQ(adapter.ParseError(400, R"({"error":"model is required"})", {}, "P").message,
              "model is required");
    EXPECT_EQ(adapter.ParseError(400, R"({"message":"bad input","code":400})", {}, "P").message,
              "bad input");
    const core::Error html = adapter.ParseError(502, "<html><body>nginx</body></html>", {}, "P");
    EXPECT_EQ(html.message, "Provider returned error");
    EXPECT_EQ(html.raw, "<html><body>nginx</body></html>");
    EXPECT_EQ(adapter.ParseError(500, "", {}, "P").message, "Provider returned error");
}

TEST(ParseError, BoundsTheRawBody) {
    const std::string body = R"({"error":{"message":"x"}})" + std::string(10'000, ' ');
    const core::Error error = OpenAiAdapter().ParseError(500, body, {}, "P");
    EXPECT_EQ(error.raw.size(), kMaxRawErrorBytes);
    EXPECT_EQ(error.message, "x");
}

}  // namespace
}  // namespace switchyard::providers::openai
