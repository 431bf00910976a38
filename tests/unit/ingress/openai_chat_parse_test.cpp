#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingress/openai_chat.hpp"

namespace switchyard::ingress {
namespace {

using canonical::ChatRequest;
using canonical::PartKind;
using canonical::Role;
using core::Errc;
using ::testing::ElementsAre;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

core::Result<ChatRequest> Parse(std::string_view body) {
    return ParseChatRequest(body);
}

ChatRequest MustParse(std::string_view body) {
    auto parsed = Parse(body);
    if (!parsed) {
        ADD_FAILURE() << "unexpected error: " << parsed.error().message << "\nbody: " << body;
        return ChatRequest{};
    }
    return std::move(*parsed);
}

/// A valid request with `fields` appended to the top-level object.
std::string With(std::string_view fields) {
    std::string body =
        R"({"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}])";
    if (!fields.empty()) {
        body += ",";
        body += fields;
    }
    body += "}";
    return body;
}

/// A request whose messages array is `messages`.
std::string WithMessages(std::string_view messages) {
    return std::string(R"({"model":"openai/gpt-4o-mini","messages":)") + std::string(messages) +
           "}";
}

TEST(ParseChatRequest, MinimalRequest) {
    const ChatRequest r = MustParse(With(""));
    EXPECT_EQ(r.model, "openai/gpt-4o-mini");
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.messages[0].role, Role::kUser);
    EXPECT_TRUE(r.messages[0].content_is_string);
    EXPECT_FALSE(r.messages[0].content_is_null);
    ASSERT_EQ(r.messages[0].content.size(), 1u);
    EXPECT_EQ(r.messages[0].content[0].kind, PartKind::kText);
    EXPECT_EQ(r.messages[0].Text(), "Hi");
    EXPECT_FALSE(r.stream);
    EXPECT_TRUE(r.parameters.empty());
    EXPECT_TRUE(r.extra.empty());
    EXPECT_FALSE(r.sampling.max_tokens.has_value());
}

TEST(ParseChatRequest, BothOverloadsAgree) {
    const std::string body = With(R"("temperature":0.5)");
    auto from_string = ParseChatRequest(body);
    ASSERT_TRUE(from_string.has_value());
    EXPECT_EQ(from_string->sampling.temperature, 0.5);
}

TEST(ParseChatRequest, ContentParts) {
    const ChatRequest r = MustParse(WithMessages(R"([{"role":"user","content":[
        {"type":"text","text":"Look:","cache_control":{"type":"ephemeral","ttl":"1h"}},
        {"type":"image_url","image_url":"https://example.com/a.png"},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
        {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}},
        {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}]}])"));
    ASSERT_EQ(r.messages.size(), 1u);
    const auto& parts = r.messages[0].content;
    EXPECT_FALSE(r.messages[0].content_is_string);
    ASSERT_EQ(parts.size(), 5u);
    EXPECT_EQ(parts[0].kind, PartKind::kText);
    EXPECT_EQ(parts[0].text, "Look:");
    ASSERT_TRUE(parts[0].cache_control.has_value());
    EXPECT_EQ(parts[0].cache_control->type, "ephemeral");
    EXPECT_EQ(parts[0].cache_control->ttl, "1h");
    EXPECT_EQ(parts[1].kind, PartKind::kImage);
    EXPECT_EQ(parts[1].url, "https://example.com/a.png");
    EXPECT_EQ(parts[1].detail, "");
    EXPECT_FALSE(parts[1].cache_control.has_value());
    EXPECT_EQ(parts[2].kind, PartKind::kImage);
    EXPECT_EQ(parts[2].url, "data:image/png;base64,iVBORw0KGgo=");
    EXPECT_EQ(parts[2].detail, "low");
    EXPECT_EQ(parts[3].kind, PartKind::kFile);
    EXPECT_EQ(parts[3].filename, "a.pdf");
    EXPECT_EQ(parts[3].url, "data:application/pdf;base64,JVBERi0=");
    EXPECT_EQ(parts[4].kind, PartKind::kInputAudio);
    EXPECT_EQ(parts[4].audio_data, "UklGRg==");
    EXPECT_EQ(parts[4].audio_format, "wav");
    EXPECT_EQ(r.messages[0].Text(), "Look:");
}

TEST(ParseChatRequest, EveryRoleAndMessageField) {
    const ChatRequest r = MustParse(WithMessages(R"([
        {"role":"system","content":"Be brief."},
        {"role":"developer","content":[{"type":"text","text":"Use tools."}]},
        {"role":"user","content":"Weather?","name":"alice"},
        {"role":"assistant","content":null,"reasoning":"Need the tool.","tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
            {"id":"call_2","type":"function","function":{"name":"get_time","arguments":{"tz":"CET"}}}],
         "reasoning_details":[{"type":"reasoning.text","text":"x"}]},
        {"role":"tool","tool_call_id":"call_1","content":"18C"},
        {"role":"assistant","content":"It is 18C.","refusal":"","reasoning_content":"Done."}])"));
    ASSERT_EQ(r.messages.size(), 6u);
    EXPECT_EQ(r.messages[0].role, Role::kSystem);
    EXPECT_EQ(r.messages[1].role, Role::kDeveloper);
    EXPECT_EQ(r.messages[1].Text(), "Use tools.");
    EXPECT_EQ(r.messages[2].name, "alice");
    const auto& call_turn = r.messages[3];
    EXPECT_EQ(call_turn.role, Role::kAssistant);
    EXPECT_TRUE(call_turn.content_is_null);
    EXPECT_TRUE(call_turn.content.empty());
    EXPECT_EQ(call_turn.reasoning, "Need the tool.");
    EXPECT_EQ(call_turn.reasoning_details, R"([{"type":"reasoning.text","text":"x"}])");
    ASSERT_EQ(call_turn.tool_calls.size(), 2u);
    EXPECT_EQ(call_turn.tool_calls[0].id, "call_1");
    EXPECT_EQ(call_turn.tool_calls[0].name, "get_weather");
    EXPECT_EQ(call_turn.tool_calls[0].arguments, R"({"city":"Paris"})");
    EXPECT_EQ(call_turn.tool_calls[1].arguments,
              R"({"tz":"CET"})");  // an object is kept as JSON text
    EXPECT_EQ(r.messages[4].role, Role::kTool);
    EXPECT_EQ(r.messages[4].tool_call_id, "call_1");
    EXPECT_EQ(r.messages[4].Text(), "18C");
    EXPECT_EQ(r.messages[5].reasoning, "Done.");
    EXPECT_EQ(r.messages[5].Text(), "It is 18C.");
}

TEST(ParseChatRequest, SamplingParameters) {
    const ChatRequest r = MustParse(With(R"("temperature":0.7,"top_p":0.9,"top_k":40,"seed":-1,
        "frequency_penalty":-2,"presence_penalty":2,"repetition_penalty":1.1,"min_p":0.05,"top_a":0.2,
        "logprobs":true,"top_logprobs":5,"max_tokens":100,"logit_bias":{"50256":-100},
        "parallel_tool_calls":false,"stream":true,"user":"u-1","session_id":"s-1","metadata":{"k":"v"})"));
    const auto& s = r.sampling;
    EXPECT_EQ(s.temperature, 0.7);
    EXPECT_EQ(s.top_p, 0.9);
    EXPECT_EQ(s.top_k, 40);
    EXPECT_EQ(s.seed, -1);
    EXPECT_EQ(s.frequency_penalty, -2);
    EXPECT_EQ(s.presence_penalty, 2);
    EXPECT_EQ(s.repetition_penalty, 1.1);
    EXPECT_EQ(s.min_p, 0.05);
    EXPECT_EQ(s.top_a, 0.2);
    EXPECT_EQ(s.logprobs, true);
    EXPECT_EQ(s.top_logprobs, 5);
    EXPECT_EQ(s.max_tokens, 100);
    EXPECT_FALSE(s.max_is_completion_tokens);
    EXPECT_EQ(s.logit_bias, R"({"50256":-100})");
    EXPECT_EQ(s.parallel_tool_calls, false);
    EXPECT_TRUE(r.stream);
    EXPECT_EQ(r.user, "u-1");
    EXPECT_EQ(r.session_id, "s-1");
    EXPECT_EQ(r.metadata, R"({"k":"v"})");
    EXPECT_THAT(
        r.parameters,
        UnorderedElementsAre("temperature", "top_p", "top_k", "seed", "frequency_penalty",
                             "presence_penalty", "repetition_penalty", "min_p", "top_a", "logprobs",
                             "top_logprobs", "max_tokens", "logit_bias", "parallel_tool_calls"));
}

TEST(ParseChatRequest, NullParametersAreUnset) {
    const ChatRequest r =
        MustParse(With(R"("temperature":null,"max_tokens":null,"stop":null,"tools":null,
        "stream":null,"seed":null,"response_format":null)"));
    EXPECT_FALSE(r.sampling.temperature.has_value());
    EXPECT_FALSE(r.sampling.max_tokens.has_value());
    EXPECT_TRUE(r.sampling.stop.empty());
    EXPECT_TRUE(r.tools.empty());
    EXPECT_TRUE(r.parameters.empty());
}

TEST(ParseChatRequest, MaxCompletionTokens) {
    const ChatRequest r = MustParse(With(R"("max_completion_tokens":64)"));
    EXPECT_EQ(r.sampling.max_tokens, 64);
    EXPECT_TRUE(r.sampling.max_is_completion_tokens);
    EXPECT_THAT(r.parameters, ElementsAre("max_tokens"));
    const ChatRequest both = MustParse(With(R"("max_tokens":10,"max_completion_tokens":64)"));
    EXPECT_THAT(both.parameters, ElementsAre("max_tokens"));
}

TEST(ParseChatRequest, StopAsStringOrArray) {
    EXPECT_THAT(MustParse(With(R"("stop":"END")")).sampling.stop, ElementsAre("END"));
    const ChatRequest r = MustParse(With(R"("stop":["a","\n\n"])"));
    EXPECT_THAT(r.sampling.stop, ElementsAre("a", "\n\n"));
    EXPECT_THAT(r.parameters, ElementsAre("stop"));
}

TEST(ParseChatRequest, ToolsAndToolChoiceForms) {
    const ChatRequest r = MustParse(With(R"("tools":[
        {"type":"function","function":{"name":"get_weather","description":"Weather by city",
         "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}},
        {"function":{"name":"noop"},"cache_control":{"type":"ephemeral"}}],"tool_choice":"auto")"));
    ASSERT_EQ(r.tools.size(), 2u);
    EXPECT_EQ(r.tools[0].name, "get_weather");
    EXPECT_EQ(r.tools[0].description, "Weather by city");
    EXPECT_EQ(r.tools[0].parameters,
              R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})");
    EXPECT_EQ(r.tools[0].strict, true);
    EXPECT_EQ(r.tools[1].name, "noop");
    EXPECT_TRUE(r.tools[1].parameters.empty());
    EXPECT_FALSE(r.tools[1].strict.has_value());
    ASSERT_TRUE(r.tools[1].cache_control.has_value());
    EXPECT_EQ(r.tool_choice.kind, canonical::ToolChoice::Kind::kAuto);
    EXPECT_THAT(r.parameters, ElementsAre("tools", "tool_choice"));

    using Kind = canonical::ToolChoice::Kind;
    EXPECT_EQ(MustParse(With(R"("tool_choice":"none")")).tool_choice.kind, Kind::kNone);
    EXPECT_EQ(MustParse(With(R"("tool_choice":"required")")).tool_choice.kind, Kind::kRequired);
    EXPECT_EQ(MustParse(With(R"("tool_choice":"any")")).tool_choice.kind, Kind::kRequired);
    const ChatRequest named =
        MustParse(With(R"("tool_choice":{"type":"function","function":{"name":"get_weather"}})"));
    EXPECT_EQ(named.tool_choice.kind, Kind::kFunction);
    EXPECT_EQ(named.tool_choice.function_name, "get_weather");
    EXPECT_EQ(MustParse(With("")).tool_choice.kind, Kind::kUnset);
}

TEST(ParseChatRequest, ResponseFormats) {
    using Kind = canonical::ResponseFormat::Kind;
    const ChatRequest object = MustParse(With(R"("response_format":{"type":"json_object"})"));
    EXPECT_EQ(object.response_format.kind, Kind::kJsonObject);
    EXPECT_THAT(object.parameters, ElementsAre("response_format"));
    EXPECT_EQ(MustParse(With(R"("response_format":{"type":"text"})")).response_format.kind,
              Kind::kText);

    const ChatRequest schema =
        MustParse(With(R"("response_format":{"type":"json_schema","json_schema":{
        "name":"weather","description":"A forecast","strict":true,
        "schema":{"type":"object","properties":{"temp":{"type":"number"}}}}})"));
    EXPECT_EQ(schema.response_format.kind, Kind::kJsonSchema);
    EXPECT_EQ(schema.response_format.name, "weather");
    EXPECT_EQ(schema.response_format.description, "A forecast");
    EXPECT_EQ(schema.response_format.strict, true);
    EXPECT_EQ(schema.response_format.schema,
              R"({"type":"object","properties":{"temp":{"type":"number"}}})");
    EXPECT_THAT(schema.parameters, UnorderedElementsAre("response_format", "structured_outputs"));
}

TEST(ParseChatRequest, ReasoningAndReasoningEffort) {
    const ChatRequest r = MustParse(With(
        R"("reasoning":{"effort":"high","max_tokens":2000,"exclude":true,"enabled":true,"summary":"auto"})"));
    EXPECT_EQ(r.reasoning.effort, "high");
    EXPECT_EQ(r.reasoning.max_tokens, 2000);
    EXPECT_TRUE(r.reasoning.exclude);
    EXPECT_EQ(r.reasoning.enabled, true);
    EXPECT_TRUE(r.reasoning.IsSet());
    EXPECT_THAT(r.parameters, ElementsAre("reasoning"));

    const ChatRequest effort = MustParse(With(R"("reasoning_effort":"low")"));
    EXPECT_EQ(effort.reasoning.effort, "low");
    EXPECT_THAT(effort.parameters, ElementsAre("reasoning"));

    // Either order of the two fields names the parameter once.
    EXPECT_THAT(
        MustParse(With(R"("reasoning":{"max_tokens":10},"reasoning_effort":"minimal")")).parameters,
        ElementsAre("reasoning"));
    EXPECT_THAT(
        MustParse(With(R"("reasoning_effort":"minimal","reasoning":{"max_tokens":10})")).parameters,
        ElementsAre("reasoning"));

    const ChatRequest excluded = MustParse(With(R"("include_reasoning":false)"));
    EXPECT_TRUE(excluded.reasoning.exclude);
    EXPECT_EQ(excluded.reasoning.enabled, false);
    EXPECT_TRUE(excluded.extra.empty());
}

TEST(ParseChatRequest, ProviderPreferences) {
    const ChatRequest r =
        MustParse(With(R"("provider":{"order":["openai","together"],"only":["openai"],
        "ignore":["groq"],"quantizations":["fp8","bf16"],"allow_fallbacks":false,"require_parameters":true,
        "data_collection":"deny","zdr":true,"sort":"price",
        "max_price":{"prompt":1,"completion":0.5,"request":"0.01","image":0},
        "preferred_min_throughput":50,"preferred_max_latency":{"p50":2.5}})"));
    const auto& p = r.provider;
    EXPECT_THAT(p.order, ElementsAre("openai", "together"));
    EXPECT_THAT(p.only, ElementsAre("openai"));
    EXPECT_THAT(p.ignore, ElementsAre("groq"));
    EXPECT_THAT(p.quantizations, ElementsAre("fp8", "bf16"));
    EXPECT_EQ(p.allow_fallbacks, false);
    EXPECT_EQ(p.require_parameters, true);
    EXPECT_EQ(p.zdr, true);
    EXPECT_EQ(p.data_collection, "deny");
    EXPECT_EQ(p.sort, "price");
    // Numbers become exact decimal strings: money never goes through floating point later.
    EXPECT_EQ(p.max_price.prompt, "1");
    EXPECT_EQ(p.max_price.completion, "0.5");
    EXPECT_EQ(p.max_price.request, "0.01");
    EXPECT_EQ(p.max_price.image, "0");
    EXPECT_EQ(p.preferred_min_throughput, 50);
    EXPECT_EQ(p.preferred_max_latency, 2.5);
    EXPECT_TRUE(r.parameters.empty());  // routing preferences are not model parameters

    EXPECT_EQ(MustParse(With(R"("provider":{"sort":{"by":"throughput"}})")).provider.sort,
              "throughput");
    EXPECT_EQ(MustParse(With(R"("provider":{"max_price":{"prompt":0.0000001}})"))
                  .provider.max_price.prompt,
              "0.0000001");
    EXPECT_EQ(MustParse(With(R"("provider":{"max_price":{"completion":12.25}})"))
                  .provider.max_price.completion,
              "12.25");
    EXPECT_EQ(MustParse(With(R"("provider":null)")).provider.sort, "");
}

TEST(ParseChatRequest, ModelsFallbackList) {
    const ChatRequest r = MustParse(
        R"({"models":["anthropic/claude-3.5-sonnet","openai/gpt-4o"],"messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(r.model, "anthropic/claude-3.5-sonnet");
    EXPECT_THAT(r.models, ElementsAre("anthropic/claude-3.5-sonnet", "openai/gpt-4o"));
    const ChatRequest both = MustParse(With(R"("models":["a/b"])"));
    EXPECT_EQ(both.model, "openai/gpt-4o-mini");
}

TEST(ParseChatRequest, UnknownFieldsPassThroughAsRawJson) {
    const ChatRequest r = MustParse(With(R"("n":2,"prediction":{"type":"content","content":"x"},
        "service_tier":"flex","foo":[1, 2, {"b": null}])"));
    ASSERT_EQ(r.extra.size(), 4u);
    EXPECT_EQ(r.extra[0], (std::pair<std::string, std::string>{"n", "2"}));
    EXPECT_EQ(r.extra[1], (std::pair<std::string, std::string>{
                              "prediction", R"({"type":"content","content":"x"})"}));
    EXPECT_EQ(r.extra[2], (std::pair<std::string, std::string>{"service_tier", R"("flex")"}));
    EXPECT_EQ(r.extra[3], (std::pair<std::string, std::string>{"foo", R"([1,2,{"b":null}])"}));
    EXPECT_THAT(r.parameters, ElementsAre("n", "prediction", "service_tier", "foo"));
}

TEST(ParseChatRequest, OpenRouterFieldsAreConsumedNotForwarded) {
    const ChatRequest r =
        MustParse(With(R"("stream_options":{"include_usage":true},"usage":{"include":true},
        "plugins":[{"id":"web"}],"transforms":["middle-out"],"route":"fallback","preset":"x","trace":{},
        "debug":{},"prompt_cache_options":{})"));
    EXPECT_TRUE(r.extra.empty());
    EXPECT_TRUE(r.parameters.empty());
}

struct BadRequest {
    const char* name;
    std::string body;
    Errc code;
    std::string message_prefix;
};

void PrintTo(const BadRequest& c, std::ostream* os) {
    *os << c.name;
}

class InvalidChatRequest : public ::testing::TestWithParam<BadRequest> {};

TEST_P(InvalidChatRequest, GivesTheDocumentedErrorAndNamesThePath) {
    const BadRequest& c = GetParam();
    auto parsed = Parse(c.body);
    ASSERT_FALSE(parsed.has_value()) << c.body;
    EXPECT_EQ(parsed.error().code, c.code) << parsed.error().message;
    EXPECT_THAT(parsed.error().message, StartsWith(c.message_prefix));
    EXPECT_EQ(parsed.error().HttpStatus(), 400);
}

std::string Nested(int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']');
}

INSTANTIATE_TEST_SUITE_P(
    Cases, InvalidChatRequest,
    ::testing::Values(
        BadRequest{"truncated_json", R"({"model":"a/b")", Errc::kMalformedJson, "invalid JSON"},
        BadRequest{"trailing_comma", R"({"model":"a/b",})", Errc::kMalformedJson, "invalid JSON"},
        BadRequest{"empty_body", "", Errc::kMalformedJson, "the body is empty"},
        BadRequest{
            "not_utf8",
            "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\xfe\"}]}",
            Errc::kMalformedJson, "the body is not valid UTF-8"},
        BadRequest{"overlong_utf8", "{\"model\":\"a/\xC0\xAF\",\"messages\":[]}",
                   Errc::kMalformedJson, "the body is not valid UTF-8"},
        BadRequest{"too_deep", With("\"x\":" + Nested(200)), Errc::kMalformedJson,
                   "JSON nesting is deeper than 128 levels"},
        BadRequest{"not_an_object", "[1,2]", Errc::kInvalidRequest,
                   "The request body must be a JSON object"},
        BadRequest{"missing_model", R"({"messages":[{"role":"user","content":"x"}]})",
                   Errc::kMissingModel, "model: is required"},
        BadRequest{"empty_model", R"({"model":"","messages":[{"role":"user","content":"x"}]})",
                   Errc::kMissingModel, "model: is required"},
        BadRequest{"model_not_string", R"({"model":5,"messages":[]})", Errc::kInvalidRequest,
                   "model: expected a string"},
        BadRequest{"models_item_not_string", With(R"("models":["a/b",1])"), Errc::kInvalidRequest,
                   "models[1]: expected a string"},
        BadRequest{"missing_messages", R"({"model":"a/b"})", Errc::kInvalidRequest,
                   "messages: is required"},
        BadRequest{"empty_messages", R"({"model":"a/b","messages":[]})", Errc::kInvalidRequest,
                   "messages: must contain at least one message"},
        BadRequest{"messages_not_array", R"({"model":"a/b","messages":"hi"})",
                   Errc::kInvalidRequest, "messages: expected an array of messages"},
        BadRequest{"message_not_object", WithMessages(R"(["hi"])"), Errc::kInvalidRequest,
                   "messages[0]: expected an object"},
        BadRequest{"content_wrong_type",
                   WithMessages(R"([{"role":"user","content":"a"},{"role":"user","content":5}])"),
                   Errc::kInvalidRequest,
                   "messages[1].content: expected a string or an array of content parts"},
        BadRequest{"missing_role", WithMessages(R"([{"content":"x"}])"), Errc::kInvalidRequest,
                   "messages[0].role: is required"},
        BadRequest{"unknown_role", WithMessages(R"([{"role":"bot","content":"x"}])"),
                   Errc::kInvalidRequest, "messages[0].role: unknown role \"bot\""},
        BadRequest{"user_content_null", WithMessages(R"([{"role":"user","content":null}])"),
                   Errc::kInvalidRequest, "messages[0].content: is required"},
        BadRequest{"part_without_type",
                   WithMessages(R"([{"role":"user","content":[{"text":"x"}]}])"),
                   Errc::kInvalidRequest, "messages[0].content[0].type: is required"},
        BadRequest{
            "part_unknown_type",
            WithMessages(
                R"([{"role":"user","content":[{"type":"text","text":"x"},{"type":"video"}]}])"),
            Errc::kInvalidRequest,
            "messages[0].content[1].type: unsupported content part type \"video\""},
        BadRequest{"part_not_object", WithMessages(R"([{"role":"user","content":["x"]}])"),
                   Errc::kInvalidRequest, "messages[0].content[0]: expected an object"},
        BadRequest{"text_part_not_string",
                   WithMessages(R"([{"role":"user","content":[{"type":"text","text":5}]}])"),
                   Errc::kInvalidRequest, "messages[0].content[0].text: expected a string"},
        BadRequest{
            "image_in_system_message",
            WithMessages(
                R"([{"role":"system","content":[{"type":"image_url","image_url":"https://x/a.png"}]}])"),
            Errc::kInvalidRequest,
            "messages[0].content[0].type: only text parts are allowed in system messages"},
        BadRequest{
            "image_url_without_url",
            WithMessages(
                R"([{"role":"user","content":[{"type":"image_url","image_url":{"detail":"low"}}]}])"),
            Errc::kInvalidRequest, "messages[0].content[0].image_url.url: is required"},
        BadRequest{
            "image_url_empty",
            WithMessages(R"([{"role":"user","content":[{"type":"image_url","image_url":""}]}])"),
            Errc::kInvalidRequest, "messages[0].content[0].image_url.url: must not be empty"},
        BadRequest{
            "file_without_data",
            WithMessages(
                R"([{"role":"user","content":[{"type":"file","file":{"filename":"a.pdf"}}]}])"),
            Errc::kInvalidRequest, "messages[0].content[0].file.file_data: is required"},
        BadRequest{
            "audio_without_format",
            WithMessages(
                R"([{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"UklG"}}]}])"),
            Errc::kInvalidRequest,
            "messages[0].content[0].input_audio: data and format are required"},
        BadRequest{
            "cache_control_not_object",
            WithMessages(
                R"([{"role":"user","content":[{"type":"text","text":"x","cache_control":"yes"}]}])"),
            Errc::kInvalidRequest, "messages[0].content[0].cache_control: expected an object"},
        BadRequest{"tool_message_without_id",
                   WithMessages(R"([{"role":"user","content":"x"},{"role":"tool","content":"r"}])"),
                   Errc::kInvalidRequest,
                   "messages[1].tool_call_id: is required for tool messages"},
        BadRequest{
            "tool_calls_not_array",
            WithMessages(
                R"([{"role":"user","content":"x"},{"role":"assistant","content":null,"tool_calls":{}}])"),
            Errc::kInvalidRequest, "messages[1].tool_calls: expected an array"},
        BadRequest{
            "tool_call_without_function",
            WithMessages(
                R"([{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c"}]}])"),
            Errc::kInvalidRequest, "messages[1].tool_calls[0].function: is required"},
        BadRequest{
            "tool_call_without_name",
            WithMessages(
                R"([{"role":"assistant","tool_calls":[{"id":"c","function":{"arguments":"{}"}}]}])"),
            Errc::kInvalidRequest, "messages[0].tool_calls[0].function.name: is required"},
        BadRequest{"name_not_string", WithMessages(R"([{"role":"user","content":"x","name":1}])"),
                   Errc::kInvalidRequest, "messages[0].name: expected a string"},
        BadRequest{"temperature_too_high", With(R"("temperature":3)"), Errc::kInvalidRequest,
                   "temperature: must be between 0 and 2"},
        BadRequest{"temperature_string", With(R"("temperature":"hot")"), Errc::kInvalidRequest,
                   "temperature: expected a number"},
        BadRequest{"top_p_negative", With(R"("top_p":-0.1)"), Errc::kInvalidRequest,
                   "top_p: must be between 0 and 1"},
        BadRequest{"max_tokens_zero", With(R"("max_tokens":0)"), Errc::kInvalidRequest,
                   "max_tokens: must be between 1 and 100000000"},
        BadRequest{"max_tokens_fraction", With(R"("max_tokens":1.5)"), Errc::kInvalidRequest,
                   "max_tokens: expected an integer"},
        BadRequest{"max_completion_tokens_string", With(R"("max_completion_tokens":"10")"),
                   Errc::kInvalidRequest, "max_completion_tokens: expected an integer"},
        BadRequest{"top_logprobs_too_many", With(R"("top_logprobs":21)"), Errc::kInvalidRequest,
                   "top_logprobs: must be between 0 and 20"},
        BadRequest{"stream_not_bool", With(R"("stream":"yes")"), Errc::kInvalidRequest,
                   "stream: expected true or false"},
        BadRequest{"stop_not_strings", With(R"("stop":[1])"), Errc::kInvalidRequest,
                   "stop: expected a string or an array of strings"},
        BadRequest{"logit_bias_array", With(R"("logit_bias":[1])"), Errc::kInvalidRequest,
                   "logit_bias: expected an object"},
        BadRequest{"tools_not_array", With(R"("tools":{})"), Errc::kInvalidRequest,
                   "tools: expected an array"},
        BadRequest{"tool_wrong_type",
                   With(R"("tools":[{"type":"retrieval","function":{"name":"f"}}])"),
                   Errc::kInvalidRequest, "tools[0].type: only \"function\" tools are supported"},
        BadRequest{"tool_without_function", With(R"("tools":[{"type":"function"}])"),
                   Errc::kInvalidRequest, "tools[0].function: is required"},
        BadRequest{"tool_without_name",
                   With(R"("tools":[{"function":{"name":"f"}},{"function":{"description":"d"}}])"),
                   Errc::kInvalidRequest, "tools[1].function.name: is required"},
        BadRequest{"tool_parameters_not_object",
                   With(R"("tools":[{"function":{"name":"f","parameters":"x"}}])"),
                   Errc::kInvalidRequest,
                   "tools[0].function.parameters: expected a JSON schema object"},
        BadRequest{"tool_choice_unknown", With(R"("tool_choice":"sometimes")"),
                   Errc::kInvalidRequest, "tool_choice: expected"},
        BadRequest{"tool_choice_without_function", With(R"("tool_choice":{"type":"function"})"),
                   Errc::kInvalidRequest, "tool_choice: expected"},
        BadRequest{"response_format_unknown", With(R"("response_format":{"type":"xml"})"),
                   Errc::kInvalidRequest,
                   "response_format.type: expected text, json_object or json_schema"},
        BadRequest{"response_format_not_object", With(R"("response_format":"json")"),
                   Errc::kInvalidRequest, "response_format: expected an object"},
        BadRequest{"json_schema_missing", With(R"("response_format":{"type":"json_schema"})"),
                   Errc::kInvalidRequest, "response_format.json_schema: is required"},
        BadRequest{
            "json_schema_not_object",
            With(
                R"("response_format":{"type":"json_schema","json_schema":{"name":"x","schema":[1]}})"),
            Errc::kInvalidRequest,
            "response_format.json_schema.schema: expected a JSON schema object"},
        BadRequest{"reasoning_effort_unknown", With(R"("reasoning":{"effort":"extreme"})"),
                   Errc::kInvalidRequest, "reasoning.effort: expected one of"},
        BadRequest{"reasoning_max_tokens_negative", With(R"("reasoning":{"max_tokens":-1})"),
                   Errc::kInvalidRequest, "reasoning.max_tokens: must be between"},
        BadRequest{"reasoning_exclude_not_bool", With(R"("reasoning":{"exclude":"yes"})"),
                   Errc::kInvalidRequest, "reasoning.exclude: expected true or false"},
        BadRequest{"reasoning_not_object", With(R"("reasoning":"high")"), Errc::kInvalidRequest,
                   "reasoning: expected an object"},
        BadRequest{"reasoning_effort_not_string", With(R"("reasoning_effort":5)"),
                   Errc::kInvalidRequest, "reasoning_effort: expected a string"},
        BadRequest{"provider_not_object", With(R"("provider":"openai")"), Errc::kInvalidRequest,
                   "provider: expected an object"},
        BadRequest{"provider_unknown_key", With(R"("provider":{"fastest":true})"),
                   Errc::kInvalidRequest, "provider.fastest: unknown provider preference"},
        BadRequest{"provider_order_not_list", With(R"("provider":{"order":"openai"})"),
                   Errc::kInvalidRequest, "provider.order: expected an array of strings"},
        BadRequest{"provider_order_item", With(R"("provider":{"order":["openai",1]})"),
                   Errc::kInvalidRequest, "provider.order[1]: expected a string"},
        BadRequest{"provider_flag_not_bool", With(R"("provider":{"allow_fallbacks":"no"})"),
                   Errc::kInvalidRequest, "provider.allow_fallbacks: expected true or false"},
        BadRequest{"provider_data_collection", With(R"("provider":{"data_collection":"maybe"})"),
                   Errc::kInvalidRequest,
                   "provider.data_collection: expected \"allow\" or \"deny\""},
        BadRequest{"provider_sort", With(R"("provider":{"sort":"random"})"), Errc::kInvalidRequest,
                   "provider.sort: expected"},
        BadRequest{"max_price_negative", With(R"("provider":{"max_price":{"prompt":-1}})"),
                   Errc::kInvalidRequest,
                   "provider.max_price.prompt: expected a non-negative number"},
        BadRequest{"max_price_bool", With(R"("provider":{"max_price":{"completion":true}})"),
                   Errc::kInvalidRequest,
                   "provider.max_price.completion: expected a non-negative number"},
        BadRequest{"max_price_huge", With(R"("provider":{"max_price":{"prompt":1e300}})"),
                   Errc::kInvalidRequest, "provider.max_price.prompt: "},
        BadRequest{"session_id_too_long", With("\"session_id\":\"" + std::string(257, 's') + "\""),
                   Errc::kInvalidRequest, "session_id: must be at most 256 characters"},
        BadRequest{"metadata_not_object", With(R"("metadata":"x")"), Errc::kInvalidRequest,
                   "metadata: expected an object"},
        BadRequest{"user_not_string", With(R"("user":1)"), Errc::kInvalidRequest,
                   "user: expected a string"}),
    [](const ::testing::TestParamInfo<BadRequest>& param_info) {
        return std::string(param_info.param.name);
    });

TEST(ParseChatRequest, NestingUpToTheLimitIsAccepted) {
    // The root object and the array of the field are two levels: 126 more make 128.
    auto parsed = Parse(With("\"x\":" + Nested(127)));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->extra.size(), 1u);
    auto too_deep = Parse(With("\"x\":" + Nested(128)));
    ASSERT_FALSE(too_deep.has_value());
    EXPECT_EQ(too_deep.error().code, Errc::kMalformedJson);
}

TEST(ParseChatRequest, ParserIsReusableAfterErrors) {
    EXPECT_FALSE(Parse("{").has_value());
    EXPECT_FALSE(Parse(With("\"x\":" + Nested(300))).has_value());
    EXPECT_TRUE(Parse(With("")).has_value());
    // A body larger than the parser's initial capacity.
    const std::string big(200 * 1024, 'a');
    auto parsed = Parse(WithMessages(R"([{"role":"user","content":")" + big + R"("}])"));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->messages[0].Text().size(), big.size());
    EXPECT_FALSE(
        Parse(With("\"x\":" + Nested(200))).has_value());  // the depth bound survives growth
}

}  // namespace
}  // namespace switchyard::ingress
