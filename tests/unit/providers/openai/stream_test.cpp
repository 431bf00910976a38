#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "providers/openai/openai.hpp"

namespace switchyard::providers::openai {
namespace {

using core::Errc;

sse::Event Data(std::string data) {
    sse::Event event;
    event.data = std::move(data);
    return event;
}

class StreamTranslatorTest : public ::testing::Test {
  protected:
    std::unique_ptr<StreamTranslator> translator_ = OpenAiAdapter().NewStreamTranslator();
    std::vector<canonical::StreamChunk> out_;

    Status Feed(std::string data) { return translator_->OnEvent(Data(std::move(data)), out_); }
};

TEST_F(StreamTranslatorTest, TranslatesAFullToolCallStream) {
    ASSERT_TRUE(
        Feed(R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o",
        "system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":null,
        "tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},
        "logprobs":null,"finish_reason":null}]})"));
    ASSERT_TRUE(Feed(
        R"({"id":"chatcmpl-1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]},"finish_reason":null}]})"));
    ASSERT_TRUE(Feed(
        R"({"id":"chatcmpl-1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Paris\"}"}}]},"finish_reason":null}]})"));
    ASSERT_TRUE(Feed(
        R"({"id":"chatcmpl-1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})"));
    ASSERT_TRUE(Feed(
        R"({"id":"chatcmpl-1","choices":[],"usage":{"prompt_tokens":80,"completion_tokens":17,"total_tokens":97,
        "prompt_tokens_details":{"cached_tokens":64},"completion_tokens_details":{"reasoning_tokens":0}}})"));
    ASSERT_TRUE(Feed("[DONE]"));
    ASSERT_TRUE(translator_->OnEnd(out_));

    ASSERT_EQ(out_.size(), 5u);  // [DONE] adds no chunk
    const canonical::StreamChunk& first = out_[0];
    EXPECT_EQ(first.upstream_id, "chatcmpl-1");
    EXPECT_EQ(first.model, "gpt-4o");
    EXPECT_EQ(first.system_fingerprint, "fp_1");
    ASSERT_EQ(first.choices.size(), 1u);
    EXPECT_TRUE(first.choices[0].role);
    EXPECT_EQ(first.choices[0].content, "");
    ASSERT_EQ(first.choices[0].tool_calls.size(), 1u);
    EXPECT_EQ(first.choices[0].tool_calls[0].index, 0);
    EXPECT_EQ(first.choices[0].tool_calls[0].id, "call_1");
    EXPECT_EQ(first.choices[0].tool_calls[0].name, "get_weather");
    EXPECT_EQ(first.choices[0].tool_calls[0].arguments, "");
    EXPECT_FALSE(first.usage.has_value());

    std::string arguments;
    for (const auto& chunk : out_) {
        for (const auto& choice : chunk.choices) {
            for (const auto& call : choice.tool_calls) {
                arguments += call.arguments;
            }
        }
    }
    EXPECT_EQ(arguments, R"({"city":"Paris"})");
    EXPECT_FALSE(out_[1].choices[0].role);
    EXPECT_TRUE(out_[1].choices[0].tool_calls[0].id.empty());
    EXPECT_TRUE(out_[1].choices[0].tool_calls[0].name.empty());

    EXPECT_EQ(out_[3].choices[0].finish_reason, "tool_calls");
    EXPECT_EQ(out_[3].choices[0].native_finish_reason, "tool_calls");
    EXPECT_TRUE(out_[4].choices.empty());
    ASSERT_TRUE(out_[4].usage.has_value());
    EXPECT_EQ(out_[4].usage->prompt_tokens, 80);
    EXPECT_EQ(out_[4].usage->completion_tokens, 17);
    EXPECT_EQ(out_[4].usage->cached_tokens, 64);
}

TEST_F(StreamTranslatorTest, TranslatesContentReasoningAndParallelCalls) {
    ASSERT_TRUE(Feed(
        R"({"choices":[{"index":0,"delta":{"role":"assistant","reasoning":"Let me think"}}]})"));
    ASSERT_TRUE(Feed(
        R"({"choices":[{"index":0,"delta":{"reasoning_content":" more","reasoning_details":[{"type":"reasoning.text","text":" more"}]}}]})"));
    ASSERT_TRUE(
        Feed(R"({"choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":{"content":[]}}]})"));
    ASSERT_TRUE(Feed(R"({"choices":[{"index":0,"delta":{"tool_calls":[
        {"index":0,"id":"call_a","type":"function","function":{"name":"a","arguments":"{}"}},
        {"index":1,"id":"call_b","type":"function","function":{"name":"b","arguments":"{}"}}]}}]})"));
    ASSERT_TRUE(Feed(R"({"choices":[{"index":0,"delta":{"refusal":"no"},"finish_reason":"length"}],
        "usage":{"prompt_tokens":1,"completion_tokens":2}})"));
    ASSERT_EQ(out_.size(), 5u);
    EXPECT_EQ(out_[0].choices[0].reasoning, "Let me think");
    EXPECT_EQ(out_[1].choices[0].reasoning, " more");
    EXPECT_EQ(out_[1].choices[0].reasoning_details,
              R"([{"type":"reasoning.text","text":" more"}])");
    EXPECT_EQ(out_[2].choices[0].content, "Hello");
    EXPECT_EQ(out_[2].choices[0].logprobs, R"({"content":[]})");
    ASSERT_EQ(out_[3].choices[0].tool_calls.size(), 2u);
    EXPECT_EQ(out_[3].choices[0].tool_calls[1].index, 1);
    EXPECT_EQ(out_[3].choices[0].tool_calls[1].id, "call_b");
    EXPECT_EQ(out_[4].choices[0].refusal, "no");
    EXPECT_EQ(out_[4].choices[0].finish_reason, "length");
    ASSERT_TRUE(out_[4].usage.has_value());  // usage on a chunk that also has choices
    EXPECT_EQ(out_[4].usage->completion_tokens, 2);
    // A finish_reason was seen: a stream without [DONE] still ended properly.
    EXPECT_TRUE(translator_->OnEnd(out_));
}

TEST_F(StreamTranslatorTest, ErrorObjectInTheStreamIsAnError) {
    ASSERT_TRUE(Feed(R"({"choices":[{"index":0,"delta":{"content":"Hel"}}]})"));
    auto status = Feed(R"({"error":{"message":"Overloaded","type":"overloaded_error"}})");
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, Errc::kUpstreamOverloaded);
    EXPECT_EQ(status.error().message, "Overloaded");

    auto generic = Feed(R"({"error":{"message":"Something went wrong","code":500}})");
    ASSERT_FALSE(generic.has_value());
    EXPECT_EQ(generic.error().code, Errc::kUpstreamStreamError);
    EXPECT_EQ(generic.error().message, "Something went wrong");
    EXPECT_EQ(generic.error().raw, R"({"error":{"message":"Something went wrong","code":500}})");
}

TEST_F(StreamTranslatorTest, NamedErrorEventIsAnError) {
    sse::Event event;
    event.event = "error";
    event.data = R"({"message":"boom"})";
    auto status = translator_->OnEvent(event, out_);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, Errc::kUpstreamStreamError);
    EXPECT_EQ(status.error().raw, R"({"message":"boom"})");
}

TEST_F(StreamTranslatorTest, OtherNamedEventsAreIgnored) {
    sse::Event ping;
    ping.event = "ping";
    ping.data = "not json at all";
    EXPECT_TRUE(translator_->OnEvent(ping, out_));
    sse::Event message;
    message.event = "message";
    message.data = R"({"choices":[{"index":0,"delta":{"content":"x"}}]})";
    EXPECT_TRUE(translator_->OnEvent(message, out_));
    ASSERT_EQ(out_.size(), 1u);
    EXPECT_EQ(out_[0].choices[0].content, "x");
}

TEST_F(StreamTranslatorTest, MalformedDataIsUpstreamMalformed) {
    for (const char* data : {"{not json", "[1,2]", "42", "", "{\"choices\":[{\"delta\":"}) {
        auto status = Feed(data);
        ASSERT_FALSE(status.has_value()) << data;
        EXPECT_EQ(status.error().code, Errc::kUpstreamMalformed) << data;
    }
}

TEST_F(StreamTranslatorTest, EndWithoutDoneOrFinishReasonIsTruncated) {
    ASSERT_TRUE(Feed(
        R"({"choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]})"));
    auto status = translator_->OnEnd(out_);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, Errc::kUpstreamTruncated);
}

TEST_F(StreamTranslatorTest, EmptyStreamIsTruncated) {
    auto status = translator_->OnEnd(out_);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, Errc::kUpstreamTruncated);
}

TEST_F(StreamTranslatorTest, DoneAloneEndsProperly) {
    ASSERT_TRUE(
        Feed(R"({"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]})"));
    ASSERT_TRUE(Feed("[DONE]"));
    EXPECT_TRUE(translator_->OnEnd(out_));
}

TEST_F(StreamTranslatorTest, EmptyFinishReasonDoesNotCount) {
    ASSERT_TRUE(Feed(R"({"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":""}]})"));
    EXPECT_TRUE(out_[0].choices[0].finish_reason.empty());
    EXPECT_FALSE(translator_->OnEnd(out_).has_value());
}

}  // namespace
}  // namespace switchyard::providers::openai
