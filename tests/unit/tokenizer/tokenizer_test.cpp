#include "tokenizer/tokenizer.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "canonical/chat.hpp"
#include "tokenizer/rank_table.hpp"

namespace switchyard::tokenizer {
namespace {

struct GoldenCase {
    std::string name;
    std::string text;
    std::vector<std::uint32_t> cl100k;
    std::vector<std::uint32_t> o200k;

    const std::vector<std::uint32_t>& Expected(Encoding encoding) const {
        return encoding == Encoding::kO200kBase ? o200k : cl100k;
    }
};

std::vector<std::uint32_t> ReadIds(simdjson::dom::element element) {
    std::vector<std::uint32_t> ids;
    for (simdjson::dom::element id : element.get_array()) {
        ids.push_back(static_cast<std::uint32_t>(id.get_uint64().value()));
    }
    return ids;
}

/// The cases of golden.json, which tools/tokenizer/gen_golden.mjs wrote from js-tiktoken.
const std::vector<GoldenCase>& Golden() {
    static const std::vector<GoldenCase> cases = [] {
        std::vector<GoldenCase> loaded;
        simdjson::padded_string json;
        if (simdjson::padded_string::load(SY_TOKENIZER_GOLDEN).get(json) != simdjson::SUCCESS) {
            ADD_FAILURE() << "cannot read " << SY_TOKENIZER_GOLDEN;
            return loaded;
        }
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        if (parser.parse(json).get(root) != simdjson::SUCCESS) {
            ADD_FAILURE() << "cannot parse " << SY_TOKENIZER_GOLDEN;
            return loaded;
        }
        for (simdjson::dom::element entry : root["cases"].get_array()) {
            GoldenCase golden;
            golden.name = std::string(entry["name"].get_string().value());
            golden.text = std::string(entry["text"].get_string().value());
            golden.cl100k = ReadIds(entry["cl100k_base"].value());
            golden.o200k = ReadIds(entry["o200k_base"].value());
            loaded.push_back(std::move(golden));
        }
        return loaded;
    }();
    return cases;
}

/// The bytes that `ids` stand for, concatenated.
std::string Decode(const std::vector<std::uint32_t>& ids, Encoding encoding) {
    const detail::RankTable& table = detail::TableFor(encoding);
    std::string text;
    for (const std::uint32_t id : ids) {
        text.append(table.Bytes(id));
    }
    return text;
}

class TokenizerEncodingTest : public testing::TestWithParam<Encoding> {};

INSTANTIATE_TEST_SUITE_P(Encodings, TokenizerEncodingTest,
                         testing::Values(Encoding::kCl100kBase, Encoding::kO200kBase),
                         [](const testing::TestParamInfo<Encoding>& param_info) {
                             return std::string(EncodingName(param_info.param));
                         });

TEST(TokenizerGoldenTest, CorpusIsLoaded) {
    // Guards the tests below, which would pass vacuously on an empty corpus.
    EXPECT_GE(Golden().size(), 150u);
}

TEST_P(TokenizerEncodingTest, MatchesJsTiktokenIdsOnGoldenCorpus) {
    const Encoding encoding = GetParam();
    int mismatches = 0;
    for (const GoldenCase& golden : Golden()) {
        const std::vector<std::uint32_t> ids = Encode(golden.text, encoding);
        if (ids != golden.Expected(encoding)) {
            ++mismatches;
            std::size_t first = 0;
            while (first < ids.size() && first < golden.Expected(encoding).size() &&
                   ids[first] == golden.Expected(encoding)[first]) {
                ++first;
            }
            ADD_FAILURE() << "case \"" << golden.name << "\": " << ids.size() << " ids, expected "
                          << golden.Expected(encoding).size() << "; first difference at index "
                          << first;
        }
        EXPECT_EQ(CountTokens(golden.text, encoding),
                  static_cast<std::int64_t>(golden.Expected(encoding).size()))
            << "case \"" << golden.name << "\"";
    }
    EXPECT_EQ(mismatches, 0) << "of " << Golden().size() << " cases";
}

TEST_P(TokenizerEncodingTest, TokensDecodeBackToTheInput) {
    for (const GoldenCase& golden : Golden()) {
        EXPECT_EQ(Decode(Encode(golden.text, GetParam()), GetParam()), golden.text)
            << "case \"" << golden.name << "\"";
    }
}

TEST_P(TokenizerEncodingTest, EmptyTextHasNoTokens) {
    EXPECT_TRUE(Encode("", GetParam()).empty());
    EXPECT_EQ(CountTokens("", GetParam()), 0);
}

TEST_P(TokenizerEncodingTest, SpecialTokenTextIsOrdinaryText) {
    // 100257 and 199999 are the <|endoftext|> ids; user text must never produce them.
    for (const std::uint32_t id : Encode("<|endoftext|>", GetParam())) {
        EXPECT_NE(id, 100257u);
        EXPECT_NE(id, 199999u);
    }
    EXPECT_GT(CountTokens("<|endoftext|>", GetParam()), 1);
}

TEST_P(TokenizerEncodingTest, InvalidUtf8IsEncodedByteForByte) {
    const std::string inputs[] = {
        std::string("\xff"),
        std::string("abc\xff\xfe"
                    "def"),
        std::string("\x80\x80\x80"),               // lone continuation bytes
        std::string("caf\xc3"),                    // truncated at the end
        std::string("\xe2\x82 x"),                 // truncated in the middle
        std::string("\xc0\xaf overlong"),          // overlong '/'
        std::string("\xed\xa0\x80 surrogate"),     // UTF-16 surrogate
        std::string("\xf4\x90\x80\x80 too high"),  // past U+10FFFF
        std::string("don\xff't \xff's I\xffLL"),   // next to contractions
        std::string(" \xff\n\xff  \xff\r\n"),      // next to whitespace
        std::string("\xe4\xbd\xa0\xe5\xa5") + "\xbd\xbd",
    };
    for (const std::string& input : inputs) {
        const std::vector<std::uint32_t> ids = Encode(input, GetParam());
        EXPECT_FALSE(ids.empty());
        EXPECT_EQ(Decode(ids, GetParam()), input);
        EXPECT_EQ(CountTokens(input, GetParam()), static_cast<std::int64_t>(ids.size()));
    }
}

TEST_P(TokenizerEncodingTest, RandomBytesRoundTrip) {
    // Arbitrary bytes, including long runs that take the large-piece merge.
    std::mt19937 random(12345);
    for (int round = 0; round < 50; ++round) {
        std::string input(random() % 3000, '\0');
        const bool ascii_heavy = round % 2 == 0;
        for (char& byte : input) {
            byte = static_cast<char>(ascii_heavy ? 'a' + random() % 4 : random() % 256);
        }
        EXPECT_EQ(Decode(Encode(input, GetParam()), GetParam()), input) << "round " << round;
    }
}

TEST_P(TokenizerEncodingTest, LongPiecesStayFast) {
    // A 128 KiB letter run is a single piece; a quadratic merge would take minutes on it.
    const std::string input(1 << 17, 'x');
    const std::vector<std::uint32_t> ids = Encode(input, GetParam());
    EXPECT_EQ(Decode(ids, GetParam()), input);
    EXPECT_LT(ids.size(), input.size() / 4);
}

TEST_P(TokenizerEncodingTest, ConcurrentCallsAgree) {
    const std::string text = "Concurrent callers share one lazily built table. \xf0\x9f\x98\x80";
    const std::int64_t expected = CountTokens(text, GetParam());
    std::vector<std::int64_t> counts(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        threads.emplace_back([&, i] {
            for (int repeat = 0; repeat < 200; ++repeat) {
                counts[i] = CountTokens(text, GetParam());
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    for (const std::int64_t count : counts) {
        EXPECT_EQ(count, expected);
    }
}

TEST_P(TokenizerEncodingTest, TableMemoryIsReported) {
    const std::size_t bytes = TableMemoryBytes(GetParam());
    EXPECT_GT(bytes, 1u << 20);
    EXPECT_LT(bytes, 8u << 20);
}

TEST(EncodingForModelTest, OpenAiO200kFamilies) {
    for (const char* model : {"openai/gpt-4o",
                              "openai/gpt-4o-mini",
                              "openai/gpt-4o-2024-08-06",
                              "openai/gpt-4o:extended",
                              "openai/chatgpt-4o-latest",
                              "openai/gpt-4.1",
                              "openai/gpt-4.1-nano",
                              "openai/gpt-4.5-preview",
                              "openai/gpt-5",
                              "openai/gpt-5-mini",
                              "openai/gpt-5.1",
                              "openai/gpt-5-codex",
                              "openai/o1",
                              "openai/o1-pro",
                              "openai/o3-mini",
                              "openai/o4-mini-high",
                              "openai/gpt-oss-120b",
                              "openai/gpt-oss-20b:free",
                              "gpt-4o-mini",
                              "o3"}) {
        EXPECT_EQ(EncodingForModel(model), Encoding::kO200kBase) << model;
    }
}

TEST(EncodingForModelTest, EverythingElseIsCl100k) {
    for (const char* model :
         {"openai/gpt-4", "openai/gpt-4-turbo", "openai/gpt-3.5-turbo", "openai/o10",
          "openai/gpt-4omni", "anthropic/claude-sonnet-4", "google/gemini-2.5-pro",
          "meta-llama/llama-3.1-8b-instruct", "azure/gpt-4o", "", "gpt-4"}) {
        EXPECT_EQ(EncodingForModel(model), Encoding::kCl100kBase) << model;
    }
}

canonical::Message TextMessage(canonical::Role role, std::string text, std::string name = "") {
    canonical::Message message;
    message.role = role;
    message.name = std::move(name);
    canonical::ContentPart part;
    part.text = std::move(text);
    message.content.push_back(std::move(part));
    return message;
}

TEST(CountPromptTokensTest, MatchesOpenAiCookbookExample) {
    // The example of OpenAI's "How to count tokens with tiktoken" cookbook, where the API
    // reported 129 prompt tokens for gpt-4/gpt-3.5-turbo (cl100k) and 124 for gpt-4o (o200k).
    using canonical::Role;
    canonical::ChatRequest request;
    request.messages = {
        TextMessage(Role::kSystem,
                    "You are a helpful, pattern-following assistant that translates corporate "
                    "jargon into plain English."),
        TextMessage(Role::kSystem, "New synergies will help drive top-line growth.",
                    "example_user"),
        TextMessage(Role::kSystem, "Things working well together will increase revenue.",
                    "example_assistant"),
        TextMessage(Role::kSystem,
                    "Let's circle back when we have more time to touch base on opportunities for "
                    "increased leverage.",
                    "example_user"),
        TextMessage(Role::kSystem, "Let's talk later when we're less busy about how to do better.",
                    "example_assistant"),
        TextMessage(Role::kUser,
                    "This late pivot means we don't have time to boil the ocean for the client "
                    "deliverable."),
    };
    EXPECT_EQ(CountPromptTokens(request, Encoding::kCl100kBase), 129);
    EXPECT_EQ(CountPromptTokens(request, Encoding::kO200kBase), 124);
}

TEST(CountPromptTokensTest, CountsImagesToolsAndAssistantTurns) {
    using canonical::Role;
    canonical::ChatRequest request;
    canonical::Message user = TextMessage(Role::kUser, "What is in this image?");
    canonical::ContentPart low;
    low.kind = canonical::PartKind::kImage;
    low.url = "https://example.com/a.png";
    low.detail = "low";
    canonical::ContentPart high = low;
    high.detail = "auto";
    user.content.push_back(low);
    user.content.push_back(high);
    canonical::Message assistant;
    assistant.role = Role::kAssistant;
    assistant.content_is_null = true;
    assistant.reasoning = "Let me check the weather.";
    assistant.tool_calls.push_back({"call_1", "get_weather", "{\"city\":\"Paris\"}"});
    canonical::Message tool = TextMessage(Role::kTool,
                                          "Sunny, 22 \xc2\xb0"
                                          "C");
    tool.tool_call_id = "call_1";
    request.messages = {user, assistant, tool};
    canonical::Tool weather;
    weather.name = "get_weather";
    weather.description = "Get the current weather for a city.";
    weather.parameters =
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":["
        "\"city\"]}";
    request.tools.push_back(weather);
    // Token counts of each text from js-tiktoken (cl100k / o200k): "What is in this image?" 6/6,
    // "Let me check the weather." 6/6, "get_weather" 2/2, the arguments 5/5, the tool reply 7/6,
    // the tool's JSON definition 42/43, and each role name 1.
    //   reply priming 3; user 3+1+6+85+765; assistant 3+1+6+2+5; tool 3+1+7|6; tools 42|43.
    EXPECT_EQ(CountPromptTokens(request, Encoding::kCl100kBase), 3 + 860 + 17 + 11 + 42);
    EXPECT_EQ(CountPromptTokens(request, Encoding::kO200kBase), 3 + 860 + 17 + 10 + 43);
}

TEST(CountPromptTokensTest, CountsRefusalsNamesAndResponseSchemas) {
    canonical::ChatRequest request;
    canonical::Message assistant = TextMessage(canonical::Role::kAssistant, "", "alice");
    assistant.content.clear();
    assistant.refusal = "I can't help with that.";
    request.messages = {assistant};
    request.response_format.kind = canonical::ResponseFormat::Kind::kJsonSchema;
    request.response_format.schema = "{\"type\":\"object\"}";
    // js-tiktoken counts (cl100k / o200k): the refusal 7/6, "alice" 1/1, the schema 5/5.
    //   reply priming 3; assistant 3 + 1 + (1 + 1) + 7|6; schema 5.
    EXPECT_EQ(CountPromptTokens(request, Encoding::kCl100kBase), 3 + 13 + 5);
    EXPECT_EQ(CountPromptTokens(request, Encoding::kO200kBase), 3 + 12 + 5);
}

TEST(CountPromptTokensTest, EmptyRequestIsTheReplyPriming) {
    EXPECT_EQ(CountPromptTokens(canonical::ChatRequest{}, Encoding::kCl100kBase), 3);
}

}  // namespace
}  // namespace switchyard::tokenizer
