#include "mock/script.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/strings.hpp"
#include "providers/openai/openai.hpp"
#include "sse/parser.hpp"
#include "unit/test_json.hpp"

namespace switchyard::mock {
namespace {

using ::testing::StartsWith;
namespace dom = simdjson::dom;

canonical::ChatRequest Ask(std::string text) {
    canonical::ChatRequest request;
    request.model = "mock/model";
    canonical::Message system;
    system.role = canonical::Role::kSystem;
    system.content.push_back({});
    system.content.back().text = "Be brief.";
    canonical::Message user;
    user.content.push_back({});
    user.content.back().text = std::move(text);
    request.messages = {system, user};
    return request;
}

canonical::ChatRequest WithTools(canonical::ChatRequest request) {
    canonical::Tool search;
    search.name = "search";
    canonical::Tool lookup;
    lookup.name = "lookup";
    request.tools = {search, lookup};
    return request;
}

const Defaults kDefaults{};

TEST(MakePlan, DefaultAnswer) {
    const Plan plan = MakePlan("mock", Ask("Hello there"), kDefaults);
    EXPECT_EQ(plan.fault, Fault::kNone);
    EXPECT_EQ(plan.status, 200);
    EXPECT_TRUE(plan.usage);
    EXPECT_FALSE(plan.tool_call);
    EXPECT_EQ(plan.model, "mock");
    EXPECT_EQ(plan.tokens.size(), 24u);
    EXPECT_EQ(plan.finish_reason, "stop");
    EXPECT_THAT(plan.id, StartsWith("chatcmpl-mock-"));
    EXPECT_EQ(plan.tokens[0], "Mock reply to \"Hello there\":");
    EXPECT_THAT(Content(plan), StartsWith("Mock reply to \"Hello there\": "));
    // 4 per message plus about a token per 4 bytes: "Be brief." (9) and "Hello there" (11).
    EXPECT_EQ(plan.prompt_tokens, (4 + 3) + (4 + 3));
    EXPECT_EQ(CompletionTokens(plan), 24);
    EXPECT_EQ(plan.fault_after, 3u);
}

TEST(MakePlan, FailDirective) {
    EXPECT_EQ(MakePlan("mock+fail-429", Ask("x"), kDefaults).fault, Fault::kHttpStatus);
    EXPECT_EQ(MakePlan("mock+fail-429", Ask("x"), kDefaults).status, 429);
    EXPECT_EQ(MakePlan("mock+fail-503", Ask("x"), kDefaults).status, 503);
    EXPECT_EQ(MakePlan("mock+fail-42", Ask("x"), kDefaults).status, 500);  // not an HTTP status
    EXPECT_EQ(MakePlan("mock+fail-abc", Ask("x"), kDefaults).status, 500);
    EXPECT_EQ(MakePlan("mock+fail-700", Ask("x"), kDefaults).status, 500);
}

TEST(MakePlan, FaultDirectives) {
    const std::pair<const char*, Fault> cases[] = {
        {"mock+reset-before-headers", Fault::kResetBeforeHeaders},
        {"mock+reset-mid-stream", Fault::kResetMidStream},
        {"mock+stall", Fault::kStall},
        {"mock+stall-mid-stream", Fault::kStallMidStream},
        {"mock+malformed-sse", Fault::kMalformedSse},
        {"mock+malformed-json", Fault::kMalformedJson},
        {"mock+truncated", Fault::kTruncated},
        {"mock+wrong-content-type", Fault::kWrongContentType},
        {"mock+error-in-stream", Fault::kErrorInStream},
        {"mock+unknown-directive", Fault::kNone},
    };
    for (const auto& [model, fault] : cases) {
        EXPECT_EQ(MakePlan(model, Ask("x"), kDefaults).fault, fault) << model;
    }
}

TEST(MakePlan, LengthAndPacingDirectives) {
    const Plan plan = MakePlan("mock+tokens-5+ttft-250+tps-40", Ask("x"), kDefaults);
    EXPECT_EQ(plan.tokens.size(), 5u);
    EXPECT_EQ(plan.ttft_ms, 250);
    EXPECT_EQ(plan.tokens_per_s, 40);
    EXPECT_EQ(MakePlan("mock+tokens-0", Ask("x"), kDefaults).tokens.size(), 0u);
    EXPECT_EQ(MakePlan("mock+tokens-2", Ask("x"), kDefaults).fault_after, 2u);

    Defaults defaults;
    defaults.tokens = 7;
    defaults.ttft_ms = 30;
    defaults.tokens_per_s = 100;
    const Plan from_defaults = MakePlan("mock", Ask("x"), defaults);
    EXPECT_EQ(from_defaults.tokens.size(), 7u);
    EXPECT_EQ(from_defaults.ttft_ms, 30);
    EXPECT_EQ(from_defaults.tokens_per_s, 100);
}

TEST(MakePlan, NoUsageDirective) {
    const Plan plan = MakePlan("mock+no-usage", Ask("x"), kDefaults);
    EXPECT_FALSE(plan.usage);
    dom::parser parser;
    dom::element root = testing::ParseJson(parser, CompletionJson(plan, 1));
    EXPECT_TRUE(root["usage"].error() == simdjson::NO_SUCH_FIELD);
}

TEST(MakePlan, MaxTokensCutsTheAnswerWithLength) {
    canonical::ChatRequest request = Ask("x");
    request.sampling.max_tokens = 3;
    const Plan cut = MakePlan("mock", request, kDefaults);
    EXPECT_EQ(cut.tokens.size(), 3u);
    EXPECT_EQ(cut.finish_reason, "length");
    request.sampling.max_tokens = 100;
    const Plan whole = MakePlan("mock", request, kDefaults);
    EXPECT_EQ(whole.tokens.size(), 24u);
    EXPECT_EQ(whole.finish_reason, "stop");
    request.sampling.max_tokens = 24;
    EXPECT_EQ(MakePlan("mock", request, kDefaults).finish_reason, "stop");
}

TEST(MakePlan, ToolCallDirective) {
    const Plan plan = MakePlan("mock+tool-call", WithTools(Ask("Find cats")), kDefaults);
    EXPECT_TRUE(plan.tool_call);
    EXPECT_EQ(plan.tool_name, "search");
    EXPECT_EQ(plan.finish_reason, "tool_calls");
    EXPECT_TRUE(plan.tokens.empty());
    EXPECT_EQ(CompletionTokens(plan), 8);
    dom::parser parser;
    dom::element args = testing::ParseJson(parser, plan.tool_arguments);
    EXPECT_TRUE(args["query"].is_string());
    EXPECT_EQ(args["limit"].get_int64().value(), 3);
    // Without tools there is nothing to call.
    EXPECT_FALSE(MakePlan("mock+tool-call", Ask("x"), kDefaults).tool_call);
}

TEST(MakePlan, ToolChoiceForcesACall) {
    canonical::ChatRequest request = WithTools(Ask("x"));
    request.tool_choice.kind = canonical::ToolChoice::Kind::kRequired;
    EXPECT_TRUE(MakePlan("mock", request, kDefaults).tool_call);
    request.tool_choice.kind = canonical::ToolChoice::Kind::kFunction;
    request.tool_choice.function_name = "lookup";
    const Plan named = MakePlan("mock", request, kDefaults);
    EXPECT_TRUE(named.tool_call);
    EXPECT_EQ(named.tool_name, "lookup");
    request.tool_choice.kind = canonical::ToolChoice::Kind::kAuto;
    EXPECT_FALSE(MakePlan("mock", request, kDefaults).tool_call);
}

TEST(MakePlan, IsDeterministic) {
    const Plan a = MakePlan("mock", Ask("What is a gateway?"), kDefaults);
    const Plan b = MakePlan("mock", Ask("What is a gateway?"), kDefaults);
    EXPECT_EQ(a.tokens, b.tokens);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.prompt_tokens, b.prompt_tokens);
    // Directives change behaviour, not content.
    const Plan paced = MakePlan("mock+tps-10+ttft-5", Ask("What is a gateway?"), kDefaults);
    EXPECT_EQ(paced.tokens, a.tokens);
    EXPECT_EQ(paced.id, a.id);
}

TEST(MakePlan, DifferentPromptsGiveDifferentAnswers) {
    const Plan a = MakePlan("mock", Ask("What is a gateway?"), kDefaults);
    const Plan b = MakePlan("mock", Ask("What is a proxy?"), kDefaults);
    EXPECT_NE(Content(a), Content(b));
    EXPECT_NE(a.id, b.id);
    // The words after the quoted prompt differ too, not just the quote.
    EXPECT_NE(std::vector<std::string>(a.tokens.begin() + 1, a.tokens.end()),
              std::vector<std::string>(b.tokens.begin() + 1, b.tokens.end()));
    // And the model name is part of the seed.
    EXPECT_NE(Content(MakePlan("other", Ask("What is a gateway?"), kDefaults)), Content(a));
}

TEST(MakePlan, QuotedPromptStaysValidUtf8) {
    // 1 + 2 × 30 bytes: cutting the prompt at 40 bytes would split a character.
    std::string prompt = "a";
    for (int i = 0; i < 30; ++i) {
        prompt += "\xC3\xA9";
    }
    const Plan plan = MakePlan("mock", Ask(prompt), kDefaults);
    EXPECT_TRUE(core::IsValidUtf8(Content(plan)));
    dom::parser parser;
    testing::ParseJson(parser, CompletionJson(plan, 1));
    testing::ParseJson(parser, testing::DataPayload(TokenChunk(plan, 1, plan.tokens[0])));
    EXPECT_EQ(plan.tokens[0], "Mock reply to \"a" + prompt.substr(1, 38) + "\":");
}

TEST(CompletionJson, IsAnOpenAiChatCompletion) {
    const Plan plan = MakePlan("mock+tokens-6", Ask("Hi \"you\""), kDefaults);
    const std::string body = CompletionJson(plan, 1'750'000'000);
    auto parsed = providers::openai::OpenAiAdapter().ParseChat(body);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->upstream_id, plan.id);
    EXPECT_EQ(parsed->model, "mock+tokens-6");
    EXPECT_EQ(parsed->created, 1'750'000'000);
    ASSERT_EQ(parsed->choices.size(), 1u);
    EXPECT_EQ(parsed->choices[0].message.Text(), Content(plan));
    EXPECT_EQ(parsed->choices[0].finish_reason, "stop");
    ASSERT_TRUE(parsed->usage.has_value());
    EXPECT_EQ(parsed->usage->prompt_tokens, plan.prompt_tokens);
    EXPECT_EQ(parsed->usage->completion_tokens, 6);
    dom::parser parser;
    dom::element root = testing::ParseJson(parser, body);
    EXPECT_EQ(root["object"].get_string().value(), "chat.completion");
    EXPECT_EQ(root["usage"]["total_tokens"].get_int64().value(), plan.prompt_tokens + 6);
}

TEST(CompletionJson, ToolCallAnswer) {
    const Plan plan = MakePlan("mock+tool-call", WithTools(Ask("x")), kDefaults);
    auto parsed = providers::openai::OpenAiAdapter().ParseChat(CompletionJson(plan, 1));
    ASSERT_TRUE(parsed.has_value());
    const canonical::Message& message = parsed->choices[0].message;
    EXPECT_TRUE(message.content_is_null);
    ASSERT_EQ(message.tool_calls.size(), 1u);
    EXPECT_THAT(message.tool_calls[0].id, StartsWith("call_"));
    EXPECT_EQ(message.tool_calls[0].name, "search");
    EXPECT_EQ(message.tool_calls[0].arguments, plan.tool_arguments);
    EXPECT_EQ(parsed->choices[0].finish_reason, "tool_calls");
    EXPECT_EQ(parsed->usage->completion_tokens, 8);
}

/// Runs the stream chunks through the gateway's own SSE parser and OpenAI stream translator.
struct Reassembled {
    std::string content;
    std::string arguments;
    std::string tool_name;
    std::string tool_id;
    std::string finish_reason;
    std::optional<canonical::Usage> usage;
    bool ended_ok = false;
};

Reassembled Reassemble(const std::string& stream) {
    Reassembled out;
    sse::Parser parser;
    auto translator = providers::openai::OpenAiAdapter().NewStreamTranslator();
    std::vector<canonical::StreamChunk> chunks;
    parser.Feed(stream, [&](const sse::Event& event) {
        EXPECT_TRUE(translator->OnEvent(event, chunks).has_value()) << event.data;
    });
    EXPECT_FALSE(parser.HasPartial());
    out.ended_ok = translator->OnEnd(chunks).has_value();
    for (const auto& chunk : chunks) {
        if (chunk.usage) {
            out.usage = chunk.usage;
        }
        for (const auto& choice : chunk.choices) {
            out.content += choice.content;
            if (!choice.finish_reason.empty()) {
                out.finish_reason = choice.finish_reason;
            }
            for (const auto& call : choice.tool_calls) {
                out.arguments += call.arguments;
                out.tool_name += call.name;
                out.tool_id += call.id;
            }
        }
    }
    return out;
}

TEST(StreamChunks, ReassembleToTheNonStreamedAnswer) {
    const Plan plan = MakePlan("mock+tokens-9", Ask("stream me"), kDefaults);
    std::string stream = RoleChunk(plan, 1);
    for (const std::string& token : plan.tokens) {
        stream += TokenChunk(plan, 1, token);
    }
    stream += FinishChunk(plan, 1);
    stream += UsageChunk(plan, 1);
    stream += "data: [DONE]\n\n";
    const Reassembled got = Reassemble(stream);
    EXPECT_EQ(got.content, Content(plan));
    EXPECT_EQ(got.finish_reason, "stop");
    ASSERT_TRUE(got.usage.has_value());
    EXPECT_EQ(got.usage->completion_tokens, 9);
    EXPECT_EQ(got.usage->prompt_tokens, plan.prompt_tokens);
    EXPECT_TRUE(got.ended_ok);
}

TEST(StreamChunks, ToolCallArrivesInFragments) {
    const Plan plan = MakePlan("mock+tool-call", WithTools(Ask("x")), kDefaults);
    const std::string calls = ToolCallChunks(plan, 1);
    EXPECT_GT(std::count(calls.begin(), calls.end(), '\n'), 4);  // several events
    const Reassembled got =
        Reassemble(RoleChunk(plan, 1) + calls + FinishChunk(plan, 1) + UsageChunk(plan, 1));
    EXPECT_EQ(got.arguments, plan.tool_arguments);
    EXPECT_EQ(got.tool_name, "search");  // the name only on the first fragment
    EXPECT_THAT(got.tool_id, StartsWith("call_"));
    EXPECT_EQ(got.finish_reason, "tool_calls");
    EXPECT_TRUE(got.ended_ok);  // finish_reason seen, no [DONE]
}

TEST(ErrorBody, OpenAiErrorShape) {
    dom::parser parser;
    dom::element limited = testing::ParseJson(parser, ErrorBody(429, "slow \"down\""));
    EXPECT_EQ(limited["error"]["message"].get_string().value(), "slow \"down\"");
    EXPECT_EQ(limited["error"]["type"].get_string().value(), "rate_limit_exceeded");
    EXPECT_EQ(limited["error"]["code"].get_string().value(), "rate_limit_exceeded");
    dom::parser parser2;
    EXPECT_EQ(
        testing::ParseJson(parser2, ErrorBody(503, "x"))["error"]["type"].get_string().value(),
        "server_error");
    dom::parser parser3;
    EXPECT_EQ(
        testing::ParseJson(parser3, ErrorBody(400, "x"))["error"]["type"].get_string().value(),
        "invalid_request_error");
    // The gateway classifies them as the status says.
    EXPECT_EQ(
        providers::openai::OpenAiAdapter().ParseError(429, ErrorBody(429, "x"), {}, "Mock").code,
        core::Errc::kUpstreamRateLimited);
}

}  // namespace
}  // namespace switchyard::mock
