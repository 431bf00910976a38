#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingress/openai_chat.hpp"
#include "providers/openai/openai.hpp"
#include "unit/test_json.hpp"

namespace switchyard::providers::openai {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ParseJson;
namespace dom = simdjson::dom;

canonical::ChatRequest Request(std::string_view body) {
    auto parsed = ingress::ParseChatRequest(body);
    if (!parsed) {
        ADD_FAILURE() << parsed.error().message;
        return {};
    }
    return std::move(*parsed);
}

struct Built {
    HttpRequest http;
    std::string body;
};

config::ProviderConfig Provider(std::string key) {
    config::ProviderConfig provider;
    provider.id = "together";
    provider.name = "Together";
    provider.api_key = std::move(key);
    return provider;
}

HttpRequest Build(const canonical::ChatRequest& request, Flavor flavor,
                  const config::ProviderConfig* provider,
                  const std::vector<std::string>* dropped = nullptr) {
    OpenAiAdapter adapter(flavor);
    Target target;
    target.upstream_model = "upstream-model-v1";
    target.provider = provider;
    target.dropped_parameters = dropped;
    auto built = adapter.BuildChat(request, target);
    if (!built) {
        ADD_FAILURE() << built.error().message;
        return {};
    }
    return std::move(*built);
}

std::string_view Str(dom::element e) {
    std::string_view value;
    EXPECT_EQ(e.get(value), simdjson::SUCCESS);
    return value;
}

bool Absent(dom::element object, std::string_view key) {
    return object[key].error() == simdjson::NO_SUCH_FIELD;
}

const Header* FindHeader(const HttpRequest& request, std::string_view name) {
    for (const Header& header : request.headers) {
        if (header.name == name) {
            return &header;
        }
    }
    return nullptr;
}

constexpr std::string_view kSimple =
    R"({"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.7,"max_tokens":50})";

TEST(BuildChat, PathAndHeaders) {
    const config::ProviderConfig provider = Provider("sk-upstream");
    const HttpRequest http = Build(Request(kSimple), Flavor::kCompatible, &provider);
    EXPECT_EQ(http.method, "POST");
    EXPECT_EQ(http.path, "/chat/completions");
    ASSERT_NE(FindHeader(http, "Content-Type"), nullptr);
    EXPECT_EQ(FindHeader(http, "Content-Type")->value, "application/json");
    ASSERT_NE(FindHeader(http, "Authorization"), nullptr);
    EXPECT_EQ(FindHeader(http, "Authorization")->value, "Bearer sk-upstream");
    EXPECT_EQ(FindHeader(http, "Accept"), nullptr);
}

TEST(BuildChat, NoAuthorizationWithoutAKey) {
    const config::ProviderConfig keyless = Provider("");
    EXPECT_EQ(FindHeader(Build(Request(kSimple), Flavor::kCompatible, &keyless), "Authorization"),
              nullptr);
    EXPECT_EQ(FindHeader(Build(Request(kSimple), Flavor::kCompatible, nullptr), "Authorization"),
              nullptr);
}

TEST(BuildChat, ReplacesTheModelAndKeepsParameters) {
    const HttpRequest http = Build(Request(kSimple), Flavor::kCompatible, nullptr);
    EXPECT_EQ(
        http.body,
        R"({"model":"upstream-model-v1","messages":[{"role":"user","content":"Hi"}],"max_tokens":50,"temperature":0.7})");
}

TEST(BuildChat, StreamingAsksForUsage) {
    const HttpRequest http = Build(
        Request(R"({"model":"a/b","stream":true,"messages":[{"role":"user","content":"Hi"}]})"),
        Flavor::kCompatible, nullptr);
    ASSERT_NE(FindHeader(http, "Accept"), nullptr);
    EXPECT_EQ(FindHeader(http, "Accept")->value, "text/event-stream");
    dom::parser parser;
    dom::element body = ParseJson(parser, http.body);
    EXPECT_TRUE(body["stream"].get_bool().value());
    EXPECT_TRUE(body["stream_options"]["include_usage"].get_bool().value());
    // A client's own stream_options are consumed, not forwarded twice.
    const HttpRequest with_options = Build(
        Request(
            R"({"model":"a/b","stream":true,"stream_options":{"include_usage":false},"messages":[{"role":"user","content":"Hi"}]})"),
        Flavor::kCompatible, nullptr);
    EXPECT_EQ(with_options.body, http.body);
}

TEST(BuildChat, NonStreamingSendsNoStreamFields) {
    const HttpRequest http = Build(Request(kSimple), Flavor::kCompatible, nullptr);
    EXPECT_THAT(http.body, Not(HasSubstr("\"stream")));
}

TEST(BuildChat, DroppedParametersAreOmitted) {
    const canonical::ChatRequest request =
        Request(R"({"model":"a/b","messages":[{"role":"user","content":"Hi"}],
        "temperature":0.2,"top_k":5,"seed":7,"stop":["x"],"max_tokens":9,"logprobs":true,"top_logprobs":2,
        "logit_bias":{"1":2},"n":2,"verbosity":"low","reasoning_effort":"high","response_format":{"type":"json_object"},
        "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"required","parallel_tool_calls":true})");
    const std::vector<std::string> dropped = {
        "temperature",  "top_k",      "seed", "stop",      "max_tokens",      "logprobs",
        "top_logprobs", "logit_bias", "n",    "reasoning", "response_format", "tools"};
    const HttpRequest http = Build(request, Flavor::kCompatible, nullptr, &dropped);
    // Dropping tools drops tool_choice and parallel_tool_calls with them.
    EXPECT_EQ(
        http.body,
        R"({"model":"upstream-model-v1","messages":[{"role":"user","content":"Hi"}],"verbosity":"low"})");

    const HttpRequest kept = Build(request, Flavor::kCompatible, nullptr);
    dom::parser parser;
    dom::element body = ParseJson(parser, kept.body);
    for (const char* key : {"temperature", "top_k", "seed", "stop", "max_tokens", "logprobs",
                            "top_logprobs", "logit_bias", "n", "verbosity", "reasoning_effort",
                            "response_format", "tools", "tool_choice", "parallel_tool_calls"}) {
        EXPECT_FALSE(Absent(body, key)) << key;
    }
    EXPECT_EQ(Str(body["tool_choice"]), "required");
    EXPECT_EQ(Str(body["reasoning_effort"]), "high");
}

TEST(BuildChat, DeveloperRoleBecomesSystemForCompatibleHosts) {
    const canonical::ChatRequest request = Request(
        R"({"model":"a/b","messages":[{"role":"developer","content":"Rules."},{"role":"user","content":"Hi"}]})");
    dom::parser parser;
    dom::element compatible = ParseJson(parser, Build(request, Flavor::kCompatible, nullptr).body);
    EXPECT_EQ(Str(compatible["messages"].at(0)["role"]), "system");
    dom::parser parser2;
    dom::element native = ParseJson(parser2, Build(request, Flavor::kOpenAi, nullptr).body);
    EXPECT_EQ(Str(native["messages"].at(0)["role"]), "developer");
}

TEST(BuildChat, OpenAiFlavourUsesMaxCompletionTokensAndMetadata) {
    const canonical::ChatRequest request = Request(
        R"({"model":"a/b","messages":[{"role":"user","content":"Hi"}],"max_tokens":64,"metadata":{"team":"x"}})");
    dom::parser parser;
    dom::element native = ParseJson(parser, Build(request, Flavor::kOpenAi, nullptr).body);
    EXPECT_EQ(native["max_completion_tokens"].get_int64().value(), 64);
    EXPECT_TRUE(Absent(native, "max_tokens"));
    EXPECT_EQ(Str(native["metadata"]["team"]), "x");
    dom::parser parser2;
    dom::element compatible = ParseJson(parser2, Build(request, Flavor::kCompatible, nullptr).body);
    EXPECT_EQ(compatible["max_tokens"].get_int64().value(), 64);
    EXPECT_TRUE(Absent(compatible, "max_completion_tokens"));
    EXPECT_TRUE(Absent(compatible, "metadata"));
}

TEST(BuildChat, ExtraFieldsPassVerbatim) {
    const HttpRequest http =
        Build(Request(R"({"model":"a/b","messages":[{"role":"user","content":"Hi"}],
                   "prediction":{"type":"content","content":"x y"},"top_n":[1,{"a":null}],"service_tier":"flex"})"),
              Flavor::kCompatible, nullptr);
    EXPECT_THAT(http.body, HasSubstr(R"("prediction":{"type":"content","content":"x y"})"));
    EXPECT_THAT(http.body, HasSubstr(R"("top_n":[1,{"a":null}])"));
    EXPECT_THAT(http.body, HasSubstr(R"("service_tier":"flex")"));
}

TEST(BuildChat, WritesContentPartsToolsAndHistory) {
    const canonical::ChatRequest request = Request(R"({"model":"a/b","messages":[
        {"role":"system","content":[{"type":"text","text":"Cached rules","cache_control":{"type":"ephemeral"}}]},
        {"role":"user","content":[{"type":"text","text":"What is this?"},
            {"type":"image_url","image_url":{"url":"https://x/a.png","detail":"high"}},
            {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBE"}},
            {"type":"input_audio","input_audio":{"data":"UklG","format":"mp3"}}],"name":"bob"},
        {"role":"user","content":[{"type":"text","text":"plain "},{"type":"text","text":"parts"}]},
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
            "function":{"name":"lookup","arguments":"{\"q\":1}"}}]},
        {"role":"tool","tool_call_id":"call_1","content":"result"}],
        "tools":[{"type":"function","function":{"name":"lookup","description":"Looks up",
            "parameters":{"type":"object"},"strict":false}}],
        "tool_choice":{"type":"function","function":{"name":"lookup"}},"parallel_tool_calls":false,
        "response_format":{"type":"json_schema","json_schema":{"schema":{"type":"object"},"strict":true}},
        "user":"end-user-1"})");
    const HttpRequest http = Build(request, Flavor::kCompatible, nullptr);
    EXPECT_EQ(
        http.body,
        R"({"model":"upstream-model-v1","messages":[)"
        R"({"role":"system","content":[{"type":"text","text":"Cached rules","cache_control":{"type":"ephemeral"}}]},)"
        R"({"role":"user","content":[{"type":"text","text":"What is this?"},)"
        R"({"type":"image_url","image_url":{"url":"https://x/a.png","detail":"high"}},)"
        R"({"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBE"}},)"
        R"({"type":"input_audio","input_audio":{"data":"UklG","format":"mp3"}}],"name":"bob"},)"
        R"({"role":"user","content":[{"type":"text","text":"plain "},{"type":"text","text":"parts"}]},)"
        R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",)"
        R"("function":{"name":"lookup","arguments":"{\"q\":1}"}}]},)"
        R"({"role":"tool","content":"result","tool_call_id":"call_1"}],)"
        R"("tools":[{"type":"function","function":{"name":"lookup","description":"Looks up",)"
        R"("parameters":{"type":"object"},"strict":false}}],"parallel_tool_calls":false,)"
        R"("tool_choice":{"type":"function","function":{"name":"lookup"}},)"
        R"("response_format":{"type":"json_schema","json_schema":{"name":"response","schema":{"type":"object"},)"
        R"("strict":true}},"user":"end-user-1"})");
}

TEST(NormalizeFinishReason, MapsNativeReasons) {
    EXPECT_EQ(NormalizeFinishReason("stop"), "stop");
    EXPECT_EQ(NormalizeFinishReason("end_turn"), "stop");
    EXPECT_EQ(NormalizeFinishReason("stop_sequence"), "stop");
    EXPECT_EQ(NormalizeFinishReason("length"), "length");
    EXPECT_EQ(NormalizeFinishReason("max_tokens"), "length");
    EXPECT_EQ(NormalizeFinishReason("tool_calls"), "tool_calls");
    EXPECT_EQ(NormalizeFinishReason("function_call"), "tool_calls");
    EXPECT_EQ(NormalizeFinishReason("tool_use"), "tool_calls");
    EXPECT_EQ(NormalizeFinishReason("content_filter"), "content_filter");
    EXPECT_EQ(NormalizeFinishReason("safety"), "content_filter");
    EXPECT_EQ(NormalizeFinishReason("error"), "error");
    EXPECT_EQ(NormalizeFinishReason("something_new"), "stop");
}

TEST(Adapter, Names) {
    EXPECT_EQ(OpenAiAdapter(Flavor::kOpenAi).name(), "openai");
    EXPECT_EQ(OpenAiAdapter(Flavor::kCompatible).name(), "openai-compatible");
    EXPECT_EQ(OpenAiAdapter().StreamContentType(), "text/event-stream");
    // The SSE framer: events split across feeds come out whole.
    auto framer = OpenAiAdapter().NewFramer();
    std::vector<std::string> data;
    auto collect = [&](const sse::Event& event) { data.push_back(event.data); };
    EXPECT_EQ(framer->Feed("data: {\"a\"", collect), sse::FeedStatus::kOk);
    EXPECT_TRUE(data.empty());
    EXPECT_EQ(framer->Feed(":1}\n\ndata: [DONE]\n\n", collect), sse::FeedStatus::kOk);
    EXPECT_EQ(data, (std::vector<std::string>{"{\"a\":1}", "[DONE]"}));
}

}  // namespace
}  // namespace switchyard::providers::openai
