// Golden transcripts (DuckDB-style "tests as data, one runner"): every directory
// tests/golden/<adapter>/<case>/ holds one exchange, and this runner replays it through the pure
// translators exactly as api/chat.cpp would:
//
//   case.json             fixed facts: adapter flavour, provider, public and upstream model,
//                         generation id, created, endpoint prices, dropped parameters, expected
//                         upstream path and headers (a null header value means "absent")
//   request.json          the client's OpenAI chat request
//   upstream_request.json the body sent to the provider (compared as parsed JSON)
// and then one of
//   upstream_response.json + client_response.json   a non-streamed answer (usage and cost)
//   upstream_stream.txt + client_stream.txt         a streamed answer, SSE bytes both sides
//   upstream_error.json + status + client_error.json a provider error (status: its HTTP status)
// A streamed or non-streamed exchange that fails before any output has client_error.json instead
// of client_stream.txt / client_response.json.
//
// JSON is compared structurally (key order free) with numbers compared by their exact text, so
// costs must print exactly. Set SY_GOLDEN_UPDATE=1 to rewrite the client_* files from the actual
// output; then review the diff like any other change.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "billing/pricing.hpp"
#include "core/money.hpp"
#include "golden/json_tree.hpp"
#include "ingress/openai_chat.hpp"
#include "providers/registry.hpp"
#include "sse/parser.hpp"
#include "tokenizer/tokenizer.hpp"

namespace switchyard::golden {
namespace {

namespace fs = std::filesystem;
namespace dom = simdjson::dom;

std::optional<std::string> ReadFile(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return std::nullopt;
    }
    std::stringstream buffer;
    buffer << file.rdbuf();
    return buffer.str();
}

std::string TrimTrailingNewlines(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

bool UpdateMode() {
    const char* update = std::getenv("SY_GOLDEN_UPDATE");
    return update != nullptr && std::string_view(update) == "1";
}

struct CaseDir {
    std::string adapter;  // the directory under tests/golden/
    std::string name;
    fs::path dir;
};

void PrintTo(const CaseDir& c, std::ostream* os) {
    *os << c.adapter << "/" << c.name;
}

std::vector<CaseDir> FindCases() {
    std::vector<CaseDir> cases;
    const fs::path root = fs::path(SY_TESTS_DIR) / "golden";
    std::error_code ec;
    for (const auto& adapter : fs::directory_iterator(root, ec)) {
        if (!adapter.is_directory()) {
            continue;
        }
        for (const auto& entry : fs::directory_iterator(adapter.path(), ec)) {
            if (entry.is_directory() && fs::exists(entry.path() / "case.json")) {
                cases.push_back({adapter.path().filename().string(),
                                 entry.path().filename().string(), entry.path()});
            }
        }
    }
    std::sort(cases.begin(), cases.end(),
              [](const CaseDir& a, const CaseDir& b) { return a.dir.string() < b.dir.string(); });
    return cases;
}

/// The facts of case.json, copied out of the DOM.
struct CaseFacts {
    std::string flavour;
    config::ProviderConfig provider;
    std::string model;
    std::string upstream_model;
    std::string generation_id;
    std::int64_t created = 0;
    billing::Prices prices;
    std::vector<std::string> dropped;
    std::string upstream_path;
    std::vector<std::pair<std::string, std::optional<std::string>>> upstream_headers;
    std::optional<std::int64_t> retry_after;
};

std::string Get(dom::object object, std::string_view key) {
    std::string_view value;
    return object[key].get(value) == simdjson::SUCCESS ? std::string(value) : std::string();
}

core::Picodollars PerMtok(dom::object prices, std::string_view key) {
    const std::string text = Get(prices, key);
    if (text.empty()) {
        return 0;
    }
    auto parsed = core::ParseUsdPerMtok(text);
    EXPECT_TRUE(parsed.has_value()) << key << ": " << text;
    return parsed.value_or(0);
}

core::Picodollars Usd(dom::object prices, std::string_view key) {
    const std::string text = Get(prices, key);
    if (text.empty()) {
        return 0;
    }
    auto parsed = core::ParseUsd(text);
    EXPECT_TRUE(parsed.has_value()) << key << ": " << text;
    return parsed.value_or(0);
}

std::optional<CaseFacts> ReadFacts(const fs::path& dir) {
    auto text = ReadFile(dir / "case.json");
    if (!text) {
        ADD_FAILURE() << "cannot read case.json";
        return std::nullopt;
    }
    dom::parser parser;
    dom::object root;
    if (parser.parse(*text).get(root) != simdjson::SUCCESS) {
        ADD_FAILURE() << "case.json is not a JSON object";
        return std::nullopt;
    }
    CaseFacts facts;
    facts.flavour = Get(root, "flavour");
    dom::object provider;
    if (root["provider"].get(provider) == simdjson::SUCCESS) {
        facts.provider.id = Get(provider, "id");
        facts.provider.name = Get(provider, "name");
        facts.provider.api_key = Get(provider, "api_key");
    }
    facts.provider.adapter = facts.flavour;
    facts.model = Get(root, "model");
    facts.upstream_model = Get(root, "upstream_model");
    facts.generation_id = Get(root, "generation_id");
    facts.upstream_path = Get(root, "upstream_path");
    if (root["created"].get(facts.created) != simdjson::SUCCESS) {
        facts.created = 0;
    }
    dom::object prices;
    if (root["prices"].get(prices) == simdjson::SUCCESS) {
        facts.prices.prompt = PerMtok(prices, "prompt_usd_per_mtok");
        facts.prices.completion = PerMtok(prices, "completion_usd_per_mtok");
        facts.prices.cache_read = PerMtok(prices, "cache_read_usd_per_mtok");
        facts.prices.cache_write = PerMtok(prices, "cache_write_usd_per_mtok");
        facts.prices.request = Usd(prices, "request_usd");
        facts.prices.image = Usd(prices, "image_usd");
    }
    dom::array dropped;
    if (root["dropped_parameters"].get(dropped) == simdjson::SUCCESS) {
        for (dom::element item : dropped) {
            std::string_view name;
            if (item.get(name) == simdjson::SUCCESS) {
                facts.dropped.emplace_back(name);
            }
        }
    }
    dom::object headers;
    if (root["upstream_headers"].get(headers) == simdjson::SUCCESS) {
        for (auto field : headers) {
            std::string_view value;
            facts.upstream_headers.emplace_back(std::string(field.key),
                                                field.value.get(value) == simdjson::SUCCESS
                                                    ? std::optional<std::string>(value)
                                                    : std::nullopt);
        }
    }
    std::int64_t retry_after = 0;
    if (root["retry_after"].get(retry_after) == simdjson::SUCCESS) {
        facts.retry_after = retry_after;
    }
    if (facts.flavour.empty() || facts.model.empty() || facts.upstream_model.empty() ||
        facts.generation_id.empty() || facts.created == 0) {
        ADD_FAILURE()
            << "case.json needs flavour, model, upstream_model, generation_id and created";
        return std::nullopt;
    }
    return facts;
}

/// Compares `actual` JSON with the JSON in `expected_file`, or rewrites the file in update mode.
void ExpectJsonFile(const fs::path& expected_file, std::string_view actual, bool updatable) {
    if (updatable && UpdateMode()) {
        std::ofstream(expected_file, std::ios::binary) << actual << "\n";
        return;
    }
    auto expected_text = ReadFile(expected_file);
    ASSERT_TRUE(expected_text.has_value()) << "missing " << expected_file;
    JsonReader expected_reader(*expected_text);
    auto expected = expected_reader.Parse();
    ASSERT_TRUE(expected.has_value()) << expected_file << ": " << expected_reader.error();
    JsonReader actual_reader(actual);
    auto parsed = actual_reader.Parse();
    ASSERT_TRUE(parsed.has_value()) << "output is not JSON: " << actual_reader.error() << "\n"
                                    << actual;
    const std::string difference = Difference(*expected, *parsed);
    EXPECT_TRUE(difference.empty())
        << expected_file.filename().string() << ": " << difference << "\nactual: " << actual;
}

/// Splits an SSE byte stream into its events (the text between blank lines).
std::vector<std::string> SplitEvents(std::string_view stream) {
    std::vector<std::string> events;
    while (!stream.empty()) {
        const std::size_t end = stream.find("\n\n");
        events.emplace_back(stream.substr(0, end));
        if (end == std::string_view::npos) {
            break;
        }
        stream.remove_prefix(end + 2);
    }
    return events;
}

void ExpectStreamFile(const fs::path& expected_file, const std::string& actual) {
    if (UpdateMode()) {
        std::ofstream(expected_file, std::ios::binary) << actual;
        return;
    }
    auto expected_text = ReadFile(expected_file);
    ASSERT_TRUE(expected_text.has_value()) << "missing " << expected_file;
    const std::vector<std::string> expected = SplitEvents(*expected_text);
    const std::vector<std::string> got = SplitEvents(actual);
    EXPECT_TRUE(actual.size() >= 2 && actual.substr(actual.size() - 2) == "\n\n")
        << "the stream must end an event";
    for (std::size_t i = 0; i < expected.size() && i < got.size(); ++i) {
        const std::string_view want = expected[i];
        const std::string_view have = got[i];
        constexpr std::string_view kData = "data: ";
        if (want.substr(0, kData.size()) == kData && want != "data: [DONE]") {
            ASSERT_EQ(have.substr(0, kData.size()), kData) << "event " << i << ": " << have;
            EXPECT_EQ(have.find('\n'), std::string_view::npos)
                << "event " << i << " must be one data line";
            JsonReader want_reader(want.substr(kData.size()));
            auto want_json = want_reader.Parse();
            ASSERT_TRUE(want_json.has_value())
                << "expected event " << i << ": " << want_reader.error();
            JsonReader have_reader(have.substr(kData.size()));
            auto have_json = have_reader.Parse();
            ASSERT_TRUE(have_json.has_value()) << "event " << i << " is not JSON: " << have;
            const std::string difference = Difference(*want_json, *have_json);
            EXPECT_TRUE(difference.empty())
                << "event " << i << ": " << difference << "\nactual: " << have;
        } else {
            EXPECT_EQ(have, want) << "event " << i;
        }
    }
    EXPECT_EQ(got.size(), expected.size()) << "number of events; actual stream:\n" << actual;
}

/// What api/chat.cpp keeps of the output to estimate completion tokens.
void KeepChunkText(std::string& kept, const canonical::StreamChunk& chunk) {
    for (const canonical::ChoiceDelta& delta : chunk.choices) {
        kept += delta.content;
        kept += delta.reasoning;
        kept += delta.refusal;
        for (const canonical::ToolCallDelta& call : delta.tool_calls) {
            kept += call.name;
            kept += call.arguments;
        }
    }
}

/// api/chat.cpp's FinalUsage: the provider's usage, else a tokenizer estimate.
canonical::Usage FinalUsage(const std::optional<canonical::Usage>& reported,
                            const canonical::ChatRequest& request, std::string_view model,
                            const std::string& output_text) {
    if (reported) {
        return *reported;
    }
    const tokenizer::Encoding encoding = tokenizer::EncodingForModel(model);
    canonical::Usage usage;
    usage.prompt_tokens = tokenizer::CountPromptTokens(request, encoding);
    usage.completion_tokens = tokenizer::CountTokens(output_text, encoding);
    usage.estimated = true;
    return usage;
}

struct RelayResult {
    std::string stream;                 // what the client received
    std::optional<core::Error> failed;  // the error, when it came before any output
};

/// api/chat.cpp's Relay without sockets: upstream pieces → SSE parser → stream translator →
/// client chunks, then the usage chunk and [DONE] (or the error chunk and [DONE]).
RelayResult Relay(const providers::Adapter& adapter, const std::vector<std::string_view>& pieces,
                  const CaseFacts& facts, const canonical::ChatRequest& request,
                  const ingress::ResponseMeta& meta) {
    auto translator = adapter.NewStreamTranslator();
    sse::Parser parser;
    std::vector<canonical::StreamChunk> chunks;
    std::optional<canonical::Usage> usage;
    std::optional<core::Error> error;
    std::string output_text;
    RelayResult result;
    bool content_started = false;

    auto drain = [&] {
        std::string out;
        for (canonical::StreamChunk& chunk : chunks) {
            if (chunk.usage) {
                usage = chunk.usage;
            }
            KeepChunkText(output_text, chunk);
            if (!chunk.choices.empty()) {
                ingress::EncodeChunk(out, chunk, meta);
            }
        }
        chunks.clear();
        if (!out.empty()) {
            content_started = true;
            result.stream += out;
        }
    };

    for (std::string_view piece : pieces) {
        const sse::FeedStatus fed = parser.Feed(piece, [&](const sse::Event& event) {
            if (!error) {
                if (auto status = translator->OnEvent(event, chunks); !status) {
                    error = status.error();
                }
            }
        });
        if (fed == sse::FeedStatus::kEventTooLarge && !error) {
            error = core::MakeError(core::Errc::kUpstreamMalformed,
                                    "The provider sent an oversized stream event");
        }
        drain();
        if (error) {
            break;
        }
    }
    if (!error) {
        if (auto status = translator->OnEnd(chunks); !status) {
            error = status.error();
        }
        drain();
    }
    if (error && error->provider_name.empty()) {
        error->provider_name = facts.provider.name;
    }
    if (error && !content_started) {
        result.failed = std::move(error);
        return result;
    }
    const canonical::Usage final_usage = FinalUsage(usage, request, facts.model, output_text);
    const billing::Cost cost = billing::ComputeCost(final_usage, facts.prices);
    if (error) {
        ingress::EncodeErrorChunk(result.stream, *error, final_usage, cost, meta);
    } else {
        ingress::EncodeUsageChunk(result.stream, final_usage, cost, meta);
    }
    ingress::EncodeDone(result.stream);
    return result;
}

std::string ErrorBody(const core::Error& error) {
    std::string out;
    ingress::EncodeErrorBody(out, error);
    return out;
}

class GoldenTest : public ::testing::TestWithParam<CaseDir> {};

TEST_P(GoldenTest, Replays) {
    const fs::path dir = GetParam().dir;
    auto facts = ReadFacts(dir);
    ASSERT_TRUE(facts.has_value());
    const providers::Registry registry = providers::BuiltinAdapters();
    const providers::Adapter* adapter = registry.Find(facts->flavour);
    ASSERT_NE(adapter, nullptr) << "no adapter \"" << facts->flavour << "\"";

    // Client request → canonical → upstream request.
    auto request_text = ReadFile(dir / "request.json");
    ASSERT_TRUE(request_text.has_value()) << "missing request.json";
    auto request = ingress::ParseChatRequest(std::string_view(*request_text));
    ASSERT_TRUE(request.has_value()) << "request.json: " << request.error().message;
    providers::Target target;
    target.upstream_model = facts->upstream_model;
    target.provider = &facts->provider;
    target.dropped_parameters = &facts->dropped;
    auto built = adapter->BuildChat(*request, target);
    ASSERT_TRUE(built.has_value()) << built.error().message;
    ExpectJsonFile(dir / "upstream_request.json", built->body, false);
    if (!facts->upstream_path.empty()) {
        EXPECT_EQ(built->path, facts->upstream_path);
    }
    for (const auto& [name, value] : facts->upstream_headers) {
        const providers::Header* found = nullptr;
        for (const providers::Header& header : built->headers) {
            if (header.name == name) {
                found = &header;
            }
        }
        if (value) {
            ASSERT_NE(found, nullptr) << "upstream header " << name << " missing";
            EXPECT_EQ(found->value, *value) << "upstream header " << name;
        } else {
            EXPECT_EQ(found, nullptr) << "upstream header " << name << " must be absent";
        }
    }

    ingress::ResponseMeta meta;
    meta.generation_id = facts->generation_id;
    meta.model = facts->model;
    meta.provider_name = facts->provider.name;
    meta.created = facts->created;

    const bool streamed = fs::exists(dir / "upstream_stream.txt");
    const bool answered = fs::exists(dir / "upstream_response.json");
    const bool errored = fs::exists(dir / "upstream_error.json");
    ASSERT_EQ(int{streamed} + int{answered} + int{errored}, 1)
        << "a case has exactly one of upstream_stream.txt, upstream_response.json, "
           "upstream_error.json";

    if (errored) {
        auto body = ReadFile(dir / "upstream_error.json");
        auto status_text = ReadFile(dir / "status");
        ASSERT_TRUE(body.has_value() && status_text.has_value())
            << "an error case needs upstream_error.json and status";
        const int status = std::stoi(*status_text);
        const core::Error error = adapter->ParseError(status, TrimTrailingNewlines(*body),
                                                      facts->retry_after, facts->provider.name);
        EXPECT_EQ(error.retry_after_s, facts->retry_after);
        ExpectJsonFile(dir / "client_error.json", ErrorBody(error), true);
        return;
    }

    if (answered) {
        EXPECT_FALSE(request->stream) << "upstream_response.json is for non-streamed requests";
        auto body = ReadFile(dir / "upstream_response.json");
        ASSERT_TRUE(body.has_value());
        auto parsed = adapter->ParseChat(*body);
        if (!parsed) {
            core::Error error = parsed.error();
            if (error.provider_name.empty()) {
                error.provider_name = facts->provider.name;
            }
            ExpectJsonFile(dir / "client_error.json", ErrorBody(error), true);
            return;
        }
        std::string output_text;
        for (const canonical::Choice& choice : parsed->choices) {
            output_text += choice.message.Text();
            output_text += choice.message.reasoning;
            for (const canonical::ToolCall& call : choice.message.tool_calls) {
                output_text += call.name;
                output_text += call.arguments;
            }
        }
        const canonical::Usage usage =
            FinalUsage(parsed->usage, *request, facts->model, output_text);
        const billing::Cost cost = billing::ComputeCost(usage, facts->prices);
        std::string out;
        ingress::EncodeChatResponse(out, *parsed, usage, cost, meta);
        ExpectJsonFile(dir / "client_response.json", out, true);
        return;
    }

    EXPECT_TRUE(request->stream) << "upstream_stream.txt is for streamed requests";
    auto upstream = ReadFile(dir / "upstream_stream.txt");
    ASSERT_TRUE(upstream.has_value());
    const std::string_view bytes = *upstream;
    // The relay must not depend on how the upstream bytes arrive: whole, in odd-sized pieces
    // and byte by byte give the same client stream.
    const RelayResult whole = Relay(*adapter, {bytes}, *facts, *request, meta);
    for (std::size_t size : {std::size_t{1}, std::size_t{7}, std::size_t{64}}) {
        std::vector<std::string_view> pieces;
        for (std::size_t i = 0; i < bytes.size(); i += size) {
            pieces.push_back(bytes.substr(i, size));
        }
        const RelayResult split = Relay(*adapter, pieces, *facts, *request, meta);
        EXPECT_EQ(split.stream, whole.stream) << "pieces of " << size << " bytes";
        EXPECT_EQ(split.failed.has_value(), whole.failed.has_value())
            << "pieces of " << size << " bytes";
    }
    if (whole.failed) {
        ExpectJsonFile(dir / "client_error.json", ErrorBody(*whole.failed), true);
        return;
    }
    ExpectStreamFile(dir / "client_stream.txt", whole.stream);
}

std::string CaseName(const ::testing::TestParamInfo<CaseDir>& info) {
    std::string name = info.param.adapter + "_" + info.param.name;
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            c = '_';
        }
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Transcripts, GoldenTest, ::testing::ValuesIn(FindCases()), CaseName);

TEST(Golden, CasesAreFound) {
    EXPECT_GE(FindCases().size(), 10u) << "no golden cases under " << SY_TESTS_DIR;
}

// The comparison itself must be able to fail, or every golden case would pass vacuously.
TEST(JsonTree, ComparesStructureAndExactNumbers) {
    auto parse = [](std::string_view text) {
        JsonReader reader(text);
        auto value = reader.Parse();
        EXPECT_TRUE(value.has_value()) << reader.error();
        return value.value_or(JsonValue{});
    };
    const JsonValue base = parse(R"({"a":[1,"x",null,true],"cost":0.00000315,"o":{"k":"\u00e9"}})");
    EXPECT_EQ(Difference(base, parse(R"({"o":{"k":"é"},"cost":0.00000315,"a":[1,"x",null,true]})")),
              "");
    EXPECT_EQ(Difference(base, parse(R"({"a":[1,"x",null,true],"cost":3.15e-6,"o":{"k":"é"}})")),
              "$.cost: expected `0.00000315`, got `3.15e-6`");
    EXPECT_EQ(Difference(base, parse(R"({"a":[1,"x",null],"cost":0.00000315,"o":{"k":"é"}})")),
              "$.a: expected 4 items, got 3");
    EXPECT_EQ(
        Difference(base, parse(R"({"a":[1,"x",null,false],"cost":0.00000315,"o":{"k":"é"}})")),
        "$.a[3]: expected true");
    EXPECT_EQ(Difference(base, parse(R"({"a":[1,"x",null,true],"cost":0.00000315,"o":{}})")),
              "$.o.k: missing");
    EXPECT_EQ(
        Difference(base, parse(R"({"a":[1,"x",null,true],"cost":0.00000315,"o":{"k":"é"},"z":1})")),
        "$.z: unexpected");
    EXPECT_EQ(Difference(base, parse(R"({"a":[1,"x",0,true],"cost":0.00000315,"o":{"k":"é"}})")),
              "$.a[2]: expected null, got a number");
    JsonReader duplicate(R"({"a":1,"a":2})");
    EXPECT_FALSE(duplicate.Parse().has_value());
    JsonReader trailing(R"({"a":1} x)");
    EXPECT_FALSE(trailing.Parse().has_value());
}

}  // namespace
}  // namespace switchyard::golden
