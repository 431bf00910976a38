#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingress/openai_chat.hpp"
#include "unit/test_json.hpp"

namespace switchyard::ingress {
namespace {

using testing::DataPayload;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ParseJson;
namespace dom = simdjson::dom;

ResponseMeta Meta() {
    ResponseMeta meta;
    meta.generation_id = "gen-1750000000-abc";
    meta.model = "openai/gpt-4o-mini";
    meta.provider_name = "OpenAI";
    meta.created = 1'750'000'000;
    return meta;
}

canonical::Usage SomeUsage() {
    canonical::Usage usage;
    usage.prompt_tokens = 10;
    usage.completion_tokens = 20;
    usage.cached_tokens = 4;
    usage.cache_write_tokens = 1;
    usage.reasoning_tokens = 5;
    usage.audio_prompt_tokens = 2;
    return usage;
}

billing::Cost SomeCost() {
    billing::Cost cost;
    cost.prompt = 1'500'000;
    cost.completion = 1'650'000;
    cost.total = 3'150'000;
    return cost;
}

std::string_view Str(dom::element e) {
    std::string_view value;
    EXPECT_EQ(e.get(value), simdjson::SUCCESS);
    return value;
}

std::int64_t Int(dom::element e) {
    std::int64_t value = 0;
    EXPECT_EQ(e.get(value), simdjson::SUCCESS);
    return value;
}

void ExpectHeader(dom::element root, std::string_view object) {
    EXPECT_EQ(Str(root["id"]), "gen-1750000000-abc");
    EXPECT_EQ(Str(root["provider"]), "OpenAI");
    EXPECT_EQ(Str(root["model"]), "openai/gpt-4o-mini");
    EXPECT_EQ(Str(root["object"]), object);
    EXPECT_EQ(Int(root["created"]), 1'750'000'000);
}

void ExpectUsage(dom::element usage) {
    EXPECT_EQ(Int(usage["prompt_tokens"]), 10);
    EXPECT_EQ(Int(usage["completion_tokens"]), 20);
    EXPECT_EQ(Int(usage["total_tokens"]), 30);
    EXPECT_TRUE(usage["cost"].is_number());
    EXPECT_DOUBLE_EQ(usage["cost"].get_double().value(), 0.00000315);
    EXPECT_FALSE(usage["is_byok"].get_bool().value());
    EXPECT_EQ(Int(usage["prompt_tokens_details"]["cached_tokens"]), 4);
    EXPECT_EQ(Int(usage["prompt_tokens_details"]["cache_write_tokens"]), 1);
    EXPECT_EQ(Int(usage["prompt_tokens_details"]["audio_tokens"]), 2);
    EXPECT_EQ(Int(usage["completion_tokens_details"]["reasoning_tokens"]), 5);
    dom::element details = usage["cost_details"];
    // design.md: every amount in cost_details is a number; the inference cost before fees.
    EXPECT_DOUBLE_EQ(details["upstream_inference_cost"].get_double().value(), 0.00000315);
    EXPECT_TRUE(details["upstream_inference_prompt_cost"].is_number());
    EXPECT_TRUE(details["upstream_inference_completions_cost"].is_number());
    EXPECT_TRUE(usage["estimated"].error() == simdjson::NO_SUCH_FIELD);
}

/// Amounts are printed from picodollars exactly, never through a double.
void ExpectExactCostText(std::string_view json) {
    EXPECT_THAT(std::string(json), HasSubstr(R"("cost":0.00000315,)"));
    EXPECT_THAT(std::string(json), HasSubstr(R"("upstream_inference_cost":0.00000315,)"));
    EXPECT_THAT(std::string(json), HasSubstr(R"("upstream_inference_prompt_cost":0.0000015,)"));
    EXPECT_THAT(std::string(json),
                HasSubstr(R"("upstream_inference_completions_cost":0.00000165})"));
}

canonical::ChatResponse SomeResponse() {
    canonical::ChatResponse response;
    canonical::Choice choice;
    canonical::ContentPart part;
    part.text = "Hello \"world\"\n";
    choice.message.content.push_back(part);
    choice.message.reasoning = "Greeting.";
    choice.finish_reason = "stop";
    choice.native_finish_reason = "end_turn";
    response.choices.push_back(choice);
    response.system_fingerprint = "fp_44709d6fcb";
    return response;
}

TEST(EncodeChatResponse, WritesTheOpenRouterShape) {
    std::string out;
    EncodeChatResponse(out, SomeResponse(), SomeUsage(), SomeCost(), Meta());
    dom::parser parser;
    dom::element root = ParseJson(parser, out);
    ExpectHeader(root, "chat.completion");
    dom::array choices = root["choices"].get_array();
    ASSERT_EQ(choices.size(), 1u);
    dom::element choice = choices.at(0);
    EXPECT_EQ(Int(choice["index"]), 0);
    EXPECT_EQ(Str(choice["finish_reason"]), "stop");
    EXPECT_EQ(Str(choice["native_finish_reason"]), "end_turn");
    EXPECT_TRUE(choice["logprobs"].is_null());
    EXPECT_EQ(Str(choice["message"]["role"]), "assistant");
    EXPECT_EQ(Str(choice["message"]["content"]), "Hello \"world\"\n");
    EXPECT_EQ(Str(choice["message"]["reasoning"]), "Greeting.");
    EXPECT_TRUE(choice["message"]["refusal"].is_null());
    EXPECT_TRUE(choice["message"]["tool_calls"].error() == simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(Str(root["system_fingerprint"]), "fp_44709d6fcb");
    EXPECT_TRUE(root["service_tier"].error() == simdjson::NO_SUCH_FIELD);
    ExpectUsage(root["usage"]);
    ExpectExactCostText(out);
}

TEST(EncodeChatResponse, NullsWhatIsAbsentAndKeepsToolCalls) {
    canonical::ChatResponse response;
    canonical::Choice choice;
    choice.message.content_is_null = true;
    choice.message.tool_calls.push_back({"call_1", "get_weather", R"({"city":"Paris"})"});
    choice.message.tool_calls.push_back({"call_2", "get_time", "{}"});
    choice.message.reasoning_details = R"([{"type":"reasoning.text","text":"t"}])";
    choice.logprobs = R"({"content":[]})";
    response.choices.push_back(choice);
    response.service_tier = "default";
    std::string out;
    EncodeChatResponse(out, response, canonical::Usage{}, billing::Cost{}, Meta());
    dom::parser parser;
    dom::element root = ParseJson(parser, out);
    dom::element c = root["choices"].at(0);
    EXPECT_TRUE(c["finish_reason"].is_null());
    EXPECT_TRUE(c["native_finish_reason"].is_null());
    EXPECT_TRUE(c["logprobs"]["content"].is_array());
    EXPECT_TRUE(c["message"]["content"].is_null());
    EXPECT_TRUE(c["message"]["reasoning"].is_null());
    EXPECT_EQ(Str(c["message"]["reasoning_details"].at(0)["type"]), "reasoning.text");
    dom::array calls = c["message"]["tool_calls"].get_array();
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(Str(calls.at(0)["id"]), "call_1");
    EXPECT_EQ(Str(calls.at(0)["type"]), "function");
    EXPECT_EQ(Str(calls.at(0)["function"]["name"]), "get_weather");
    EXPECT_EQ(Str(calls.at(0)["function"]["arguments"]), R"({"city":"Paris"})");
    EXPECT_EQ(Str(calls.at(1)["id"]), "call_2");
    // A non-streamed response always carries system_fingerprint, null when unknown.
    EXPECT_TRUE(root["system_fingerprint"].is_null());
    EXPECT_EQ(Str(root["service_tier"]), "default");
    EXPECT_THAT(out, HasSubstr(R"("cost":0,)"));
    EXPECT_EQ(Int(root["usage"]["total_tokens"]), 0);
}

TEST(EncodeChatResponse, MarksEstimatedUsageAndByok) {
    canonical::Usage usage = SomeUsage();
    usage.estimated = true;
    ResponseMeta meta = Meta();
    meta.is_byok = true;
    std::string out;
    EncodeChatResponse(out, SomeResponse(), usage, SomeCost(), meta);
    dom::parser parser;
    dom::element root = ParseJson(parser, out);
    EXPECT_TRUE(root["usage"]["estimated"].get_bool().value());
    EXPECT_TRUE(root["usage"]["is_byok"].get_bool().value());
}

TEST(EncodeChatResponse, PrintsLargeAndTinyCostsExactly) {
    billing::Cost cost;
    cost.total = 123'456'789'012'345'678;  // $123456.789012345678
    cost.prompt = 1;                       // one picodollar
    cost.completion = 10'000'000'000'000;  // $10
    std::string out;
    EncodeChatResponse(out, SomeResponse(), SomeUsage(), cost, Meta());
    EXPECT_THAT(out, HasSubstr(R"("cost":123456.789012345678,)"));
    EXPECT_THAT(out, HasSubstr(R"("upstream_inference_prompt_cost":0.000000000001,)"));
    EXPECT_THAT(out, HasSubstr(R"("upstream_inference_completions_cost":10})"));
    dom::parser parser;
    ParseJson(parser, out);
}

TEST(EncodeChunk, WritesOneDataEventWithTheDelta) {
    canonical::StreamChunk chunk;
    canonical::ChoiceDelta delta;
    delta.role = true;
    delta.content = "Hel";
    chunk.choices.push_back(delta);
    chunk.usage = SomeUsage();  // ignored: usage goes out once, in the usage chunk
    std::string out;
    EncodeChunk(out, chunk, Meta());
    dom::parser parser;
    dom::element root = ParseJson(parser, DataPayload(out));
    ExpectHeader(root, "chat.completion.chunk");
    dom::element c = root["choices"].at(0);
    EXPECT_EQ(Int(c["index"]), 0);
    EXPECT_EQ(Str(c["delta"]["role"]), "assistant");
    EXPECT_EQ(Str(c["delta"]["content"]), "Hel");
    EXPECT_TRUE(c["finish_reason"].is_null());
    EXPECT_TRUE(c["native_finish_reason"].is_null());
    EXPECT_TRUE(c["logprobs"].is_null());
    EXPECT_TRUE(root["usage"].error() == simdjson::NO_SUCH_FIELD);
    // Chunks carry no `system_fingerprint: null` (the key is omitted when unknown).
    EXPECT_TRUE(root["system_fingerprint"].error() == simdjson::NO_SUCH_FIELD);
    EXPECT_THAT(out, Not(HasSubstr("system_fingerprint")));
}

TEST(EncodeChunk, WritesToolCallFragmentsAndFinishReason) {
    canonical::StreamChunk chunk;
    chunk.system_fingerprint = "fp_1";
    canonical::ChoiceDelta delta;
    delta.index = 1;
    delta.reasoning = "thinking";
    delta.refusal = "no";
    delta.tool_calls.push_back({0, "call_1", "get_weather", ""});
    delta.tool_calls.push_back({1, "", "", R"({"ci)"});
    delta.finish_reason = "tool_calls";
    delta.native_finish_reason = "tool_calls";
    chunk.choices.push_back(delta);
    std::string out;
    EncodeChunk(out, chunk, Meta());
    dom::parser parser;
    dom::element root = ParseJson(parser, DataPayload(out));
    EXPECT_EQ(Str(root["system_fingerprint"]), "fp_1");
    dom::element c = root["choices"].at(0);
    EXPECT_EQ(Int(c["index"]), 1);
    EXPECT_TRUE(c["delta"]["role"].error() == simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(Str(c["delta"]["reasoning"]), "thinking");
    EXPECT_EQ(Str(c["delta"]["refusal"]), "no");
    dom::array calls = c["delta"]["tool_calls"].get_array();
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(Int(calls.at(0)["index"]), 0);
    EXPECT_EQ(Str(calls.at(0)["id"]), "call_1");
    EXPECT_EQ(Str(calls.at(0)["type"]), "function");
    EXPECT_EQ(Str(calls.at(0)["function"]["name"]), "get_weather");
    EXPECT_EQ(Str(calls.at(0)["function"]["arguments"]), "");
    EXPECT_EQ(Int(calls.at(1)["index"]), 1);
    EXPECT_TRUE(calls.at(1)["id"].error() == simdjson::NO_SUCH_FIELD);
    EXPECT_TRUE(calls.at(1)["function"]["name"].error() == simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(Str(calls.at(1)["function"]["arguments"]), R"({"ci)");
    EXPECT_EQ(Str(c["finish_reason"]), "tool_calls");
    EXPECT_EQ(Str(c["native_finish_reason"]), "tool_calls");
}

TEST(EncodeUsageChunk, CarriesUsageAndCostWithNoChoices) {
    std::string out;
    EncodeUsageChunk(out, SomeUsage(), SomeCost(), Meta());
    dom::parser parser;
    dom::element root = ParseJson(parser, DataPayload(out));
    ExpectHeader(root, "chat.completion.chunk");
    EXPECT_EQ(root["choices"].get_array().size(), 0u);
    ExpectUsage(root["usage"]);
    ExpectExactCostText(out);
}

TEST(EncodeErrorChunk, EndsTheStreamWithAnErrorChoice) {
    core::Error error = core::MakeError(core::Errc::kUpstreamStreamError, "The model crashed");
    error.provider_name = "OpenAI";
    error.raw = R"({"error":{"message":"The model crashed"}})";
    std::string out;
    EncodeErrorChunk(out, error, SomeUsage(), SomeCost(), Meta());
    dom::parser parser;
    dom::element root = ParseJson(parser, DataPayload(out));
    ExpectHeader(root, "chat.completion.chunk");
    EXPECT_EQ(Int(root["error"]["code"]), 502);
    EXPECT_EQ(Str(root["error"]["message"]), "The model crashed");
    EXPECT_EQ(Str(root["error"]["metadata"]["error_type"]), "server");
    EXPECT_EQ(Str(root["error"]["metadata"]["provider_name"]), "OpenAI");
    EXPECT_EQ(Str(root["error"]["metadata"]["raw"]),
              R"({"error":{"message":"The model crashed"}})");
    dom::array choices = root["choices"].get_array();
    ASSERT_EQ(choices.size(), 1u);
    EXPECT_EQ(Int(choices.at(0)["index"]), 0);
    EXPECT_EQ(Str(choices.at(0)["delta"]["content"]), "");
    EXPECT_EQ(Str(choices.at(0)["finish_reason"]), "error");
    EXPECT_EQ(Str(choices.at(0)["native_finish_reason"]), "error");
    ExpectUsage(root["usage"]);
    ExpectExactCostText(out);
}

TEST(EncodeDone, WritesTheTerminator) {
    std::string out = "x";
    EncodeDone(out);
    EXPECT_EQ(out, "xdata: [DONE]\n\n");
}

TEST(EncodeErrorBody, UsesTheHttpStatusAsCode) {
    core::Error error = core::MakeError(core::Errc::kUpstreamRateLimited, "Rate limit reached");
    error.provider_name = "Together";
    std::string out;
    EncodeErrorBody(out, error);
    EXPECT_EQ(
        out,
        R"({"error":{"code":429,"message":"Rate limit reached","metadata":{"error_type":"rate_limit_exceeded","provider_name":"Together"}}})");

    core::Error passed_through = core::MakeError(core::Errc::kUpstreamBadRequest, "Unprocessable");
    passed_through.status_override = 422;
    out.clear();
    EncodeErrorBody(out, passed_through);
    dom::parser parser;
    dom::element root = ParseJson(parser, out);
    EXPECT_EQ(Int(root["error"]["code"]), 422);
    EXPECT_TRUE(root["error"]["metadata"]["provider_name"].error() == simdjson::NO_SUCH_FIELD);
    EXPECT_TRUE(root["error"]["metadata"]["raw"].error() == simdjson::NO_SUCH_FIELD);
}

TEST(EncodeErrorBody, EscapesProviderText) {
    core::Error error = core::MakeError(core::Errc::kUpstreamServerError, "bad \"quote\"\n\x01");
    error.raw = "<html>\"</html>";
    std::string out;
    EncodeErrorBody(out, error);
    dom::parser parser;
    dom::element root = ParseJson(parser, out);
    EXPECT_EQ(Str(root["error"]["message"]), "bad \"quote\"\n\x01");
    EXPECT_EQ(Str(root["error"]["metadata"]["raw"]), "<html>\"</html>");
}

}  // namespace
}  // namespace switchyard::ingress
