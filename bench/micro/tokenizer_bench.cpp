// Token counting throughput (bytes/s) on about 4 KB of English and of mixed-script text, the
// latency of one typical word piece, and the one-off cost of building a table index.

#include <string>
#include <string_view>

#include <benchmark/benchmark.h>

#include "tokenizer/rank_data.hpp"
#include "tokenizer/rank_table.hpp"
#include "tokenizer/tokenizer.hpp"

namespace switchyard::tokenizer {
namespace {

constexpr std::size_t kTargetBytes = 4096;

constexpr std::string_view kEnglish =
    "The gateway forwards each chat request to an upstream provider and relays the answer back "
    "to the client as it streams in. When the provider reports no usage, the gateway counts the "
    "tokens itself, so that billing never silently drops a request. Counting has to be cheap: "
    "it runs on every such response, on the same threads that move bytes between sockets, and a "
    "slow tokenizer would show up directly in tail latency.\n\n"
    "Byte-pair encoding starts from single bytes and repeatedly merges the adjacent pair with "
    "the lowest rank. Most words of ordinary English are a single token already, so one hash "
    "lookup settles them; rarer words, names and numbers need a few merges. Don't forget that "
    "contractions like we're, I'll and they've are split before the merge, as are runs of "
    "digits such as 2024, 3.14159 or 1,234,567.\n\n";

constexpr std::string_view kMixed =
    "Hello, 世界! Привет, мир. مرحبا بالعالم. नमस्ते दुनिया। こんにちは、世界。안녕하세요 세계. "
    "Café, naïve, Ångström, Straße, Zażółć gęślą jaźń. Ελληνικά κείμενα εδώ. "
    // Emoji as escapes: clang-format cannot measure the width of ZWJ sequences.
    "\U0001F600\U0001F44D\U0001F3FD \U0001F468\u200D\U0001F469\u200D\U0001F467 "
    "\U0001F1FA\U0001F1F8 \u2764\uFE0F \u2014 \u201Cquotes\u201D \u00ABguillemets\u00BB "
    "\u2026 \u00BD \u00B2 \u2460 "
    "人工智能是计算机科学的一个分支，它企图了解智能的实质。 "
    "const x = f(\"ünïcödé\"); // コメント\n";

std::string Repeat(std::string_view unit) {
    std::string text;
    while (text.size() + unit.size() <= kTargetBytes) {
        text.append(unit);
    }
    return text;
}

void CountText(benchmark::State& state, std::string_view unit, Encoding encoding) {
    const std::string text = Repeat(unit);
    std::int64_t tokens = CountTokens(text, encoding);  // also loads the table
    for (auto _ : state) {
        tokens = CountTokens(text, encoding);
        benchmark::DoNotOptimize(tokens);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.counters["bytes"] = static_cast<double>(text.size());
    state.counters["tokens"] = static_cast<double>(tokens);
    state.counters["table_bytes"] = static_cast<double>(TableMemoryBytes(encoding));
}

void BM_CountTokensEnglishCl100k(benchmark::State& state) {
    CountText(state, kEnglish, Encoding::kCl100kBase);
}
void BM_CountTokensEnglishO200k(benchmark::State& state) {
    CountText(state, kEnglish, Encoding::kO200kBase);
}
void BM_CountTokensMixedCl100k(benchmark::State& state) {
    CountText(state, kMixed, Encoding::kCl100kBase);
}
void BM_CountTokensMixedO200k(benchmark::State& state) {
    CountText(state, kMixed, Encoding::kO200kBase);
}
BENCHMARK(BM_CountTokensEnglishCl100k);
BENCHMARK(BM_CountTokensEnglishO200k);
BENCHMARK(BM_CountTokensMixedCl100k);
BENCHMARK(BM_CountTokensMixedO200k);

void BM_CountTokensWordPiece(benchmark::State& state) {
    // " hello" is one token (a single lookup); " switchyard" is two, so it needs a merge.
    const auto encoding = static_cast<Encoding>(state.range(0));
    const std::string_view word = state.range(1) == 0 ? " hello" : " switchyard";
    for (auto _ : state) {
        benchmark::DoNotOptimize(CountTokens(word, encoding));
    }
    state.SetLabel(std::string(EncodingName(encoding)) + " '" + std::string(word) + "'");
}
BENCHMARK(BM_CountTokensWordPiece)->ArgsProduct({{0, 1}, {0, 1}});

void BM_BuildRankIndex(benchmark::State& state) {
    const auto encoding = static_cast<Encoding>(state.range(0));
    for (auto _ : state) {
        detail::RankTable table(detail::EmbeddedRankData(encoding));
        benchmark::DoNotOptimize(table.TokenCount());
    }
}
BENCHMARK(BM_BuildRankIndex)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace switchyard::tokenizer

BENCHMARK_MAIN();
