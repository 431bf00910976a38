#include "billing/pricing.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace switchyard::billing {
namespace {

constexpr core::Picodollars kMax = std::numeric_limits<core::Picodollars>::max();

Prices GptMini() {
    Prices prices;
    prices.prompt = 150'000;      // $0.15 per Mtok
    prices.completion = 600'000;  // $0.60 per Mtok
    return prices;
}

canonical::Usage Tokens(std::int64_t prompt, std::int64_t completion) {
    canonical::Usage usage;
    usage.prompt_tokens = prompt;
    usage.completion_tokens = completion;
    return usage;
}

TEST(ComputeCost, PromptAndCompletion) {
    const Cost cost = ComputeCost(Tokens(1000, 500), GptMini());
    EXPECT_EQ(cost.prompt, 150'000'000);
    EXPECT_EQ(cost.completion, 300'000'000);
    EXPECT_EQ(cost.request, 0);
    EXPECT_EQ(cost.total, 450'000'000);
}

TEST(ComputeCost, CachedAndCacheWriteTokensAtTheirOwnRates) {
    Prices prices = GptMini();
    prices.cache_read = 75'000;
    prices.cache_write = 187'500;
    canonical::Usage usage = Tokens(1000, 10);
    usage.cached_tokens = 400;
    usage.cache_write_tokens = 100;
    const Cost cost = ComputeCost(usage, prices);
    // 500 uncached × 150000 + 400 cached × 75000 + 100 written × 187500
    EXPECT_EQ(cost.prompt, 75'000'000 + 30'000'000 + 18'750'000);
    EXPECT_EQ(cost.completion, 6'000'000);
    EXPECT_EQ(cost.total, 129'750'000);
}

TEST(ComputeCost, CacheRatesFallBackToThePromptRate) {
    canonical::Usage usage = Tokens(1000, 0);
    usage.cached_tokens = 400;
    usage.cache_write_tokens = 100;
    EXPECT_EQ(ComputeCost(usage, GptMini()).prompt, 150'000'000);
    Prices reads_only = GptMini();
    reads_only.cache_read = 15'000;
    // 500 × 150000 + 400 × 15000 + 100 writes at the prompt rate
    EXPECT_EQ(ComputeCost(usage, reads_only).prompt, 75'000'000 + 6'000'000 + 15'000'000);
}

TEST(ComputeCost, ClampsInconsistentCounts) {
    Prices prices = GptMini();
    prices.cache_read = 1;
    prices.cache_write = 2;
    canonical::Usage usage = Tokens(100, -5);
    usage.cached_tokens = 500;      // more than the prompt: all 100 count as cached
    usage.cache_write_tokens = 50;  // nothing left to write
    const Cost cost = ComputeCost(usage, prices);
    EXPECT_EQ(cost.prompt, 100);
    EXPECT_EQ(cost.completion, 0);

    canonical::Usage negative = Tokens(-10, 0);
    negative.cached_tokens = -3;
    negative.image_count = -2;
    EXPECT_EQ(ComputeCost(negative, prices).total, 0);
}

TEST(ComputeCost, PerRequestAndPerImagePrices) {
    Prices prices = GptMini();
    prices.request = 1'000'000'000;  // $0.001
    prices.image = 200'000'000;      // $0.0002
    canonical::Usage usage = Tokens(1000, 500);
    usage.image_count = 3;
    const Cost cost = ComputeCost(usage, prices);
    EXPECT_EQ(cost.prompt, 150'000'000 + 600'000'000);
    EXPECT_EQ(cost.completion, 300'000'000);
    EXPECT_EQ(cost.request, 1'000'000'000);
    EXPECT_EQ(cost.total, 2'050'000'000);
    // The request fee is charged even when no token was used.
    EXPECT_EQ(ComputeCost(Tokens(0, 0), prices).total, 1'000'000'000);
}

TEST(ComputeCost, FreeEndpointCostsNothing) {
    EXPECT_TRUE(Prices{}.IsFree());
    EXPECT_FALSE(GptMini().IsFree());
    EXPECT_EQ(ComputeCost(Tokens(1'000'000, 1'000'000), Prices{}).total, 0);
    // A cache price alone still charges for cached tokens, so the endpoint is not free.
    Prices cache_only;
    cache_only.cache_read = 5;
    canonical::Usage cached = Tokens(10, 0);
    cached.cached_tokens = 10;
    EXPECT_EQ(ComputeCost(cached, cache_only).total, 50);
    EXPECT_FALSE(cache_only.IsFree());
}

TEST(ComputeCost, SaturatesInsteadOfOverflowing) {
    Prices prices;
    prices.prompt = kMax / 2;
    prices.completion = kMax / 2;
    prices.request = kMax;
    const Cost cost = ComputeCost(Tokens(1'000'000, 3), prices);
    EXPECT_EQ(cost.prompt, kMax);
    EXPECT_EQ(cost.completion, kMax);
    EXPECT_EQ(cost.total, kMax);

    Prices cache;
    cache.prompt = kMax;
    cache.cache_read = kMax;
    cache.cache_write = kMax;
    canonical::Usage usage = Tokens(kMax, kMax);
    usage.cached_tokens = kMax / 3;
    usage.cache_write_tokens = kMax / 3;
    usage.image_count = kMax;
    EXPECT_EQ(ComputeCost(usage, cache).total, kMax);
}

TEST(WorstCaseCost, PricesEveryPromptTokenAtTheHighestPromptRate) {
    Prices prices = GptMini();
    prices.cache_write = 187'500;
    prices.cache_read = 75'000;
    prices.image = 1'000;
    prices.request = 7;
    // 1000 × 187500 + 500 × 600000 + 2 × 1000 + 7
    EXPECT_EQ(WorstCaseCost(1000, 500, 2, prices), 187'500'000 + 300'000'000 + 2'000 + 7);
    EXPECT_EQ(WorstCaseCost(1000, 500, 0, GptMini()), 150'000'000 + 300'000'000);
}

TEST(WorstCaseCost, IsAnUpperBoundOfComputeCost) {
    Prices prices = GptMini();
    prices.cache_read = 75'000;
    prices.cache_write = 187'500;
    prices.request = 1'000;
    prices.image = 5'000;
    canonical::Usage usage = Tokens(800, 300);
    usage.cached_tokens = 200;
    usage.cache_write_tokens = 300;
    usage.image_count = 1;
    EXPECT_LE(ComputeCost(usage, prices).total, WorstCaseCost(800, 300, 1, prices));
}

TEST(WorstCaseCost, IgnoresNegativesAndSaturates) {
    EXPECT_EQ(WorstCaseCost(-5, -5, -5, GptMini()), 0);
    Prices prices = GptMini();
    prices.request = 3;
    EXPECT_EQ(WorstCaseCost(kMax, kMax, kMax, prices), kMax);
}

}  // namespace
}  // namespace switchyard::billing
