#include "core/money.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace switchyard::core {
namespace {

constexpr Picodollars kMax = std::numeric_limits<Picodollars>::max();
constexpr Picodollars kMin = std::numeric_limits<Picodollars>::min();

TEST(ParseUsd, ParsesExactPicodollars) {
    EXPECT_EQ(ParseUsd("12.5"), 12'500'000'000'000);
    EXPECT_EQ(ParseUsd("0.000000150"), 150'000);
    EXPECT_EQ(ParseUsd("0.000000000001"), 1);  // 12 decimals: one picodollar
    EXPECT_EQ(ParseUsd("1"), kPicoPerUsd);
    EXPECT_EQ(ParseUsd("0"), 0);
    EXPECT_EQ(ParseUsd("000.5"), 500'000'000'000);
    EXPECT_EQ(ParseUsd("3.000200000000"), 3'000'200'000'000);
}

TEST(ParseUsd, AcceptsSigns) {
    EXPECT_EQ(ParseUsd("-2.5"), -2'500'000'000'000);
    EXPECT_EQ(ParseUsd("+3"), 3 * kPicoPerUsd);
    EXPECT_EQ(ParseUsd("-0"), 0);
    EXPECT_EQ(ParseUsd("-0.000000000001"), -1);
}

TEST(ParseUsd, TrailingZerosBeyondTwelveDecimalsCarryNoValue) {
    EXPECT_EQ(ParseUsd("0.1000000000000"), 100'000'000'000);
    EXPECT_EQ(ParseUsd("0.00000000000100000"), 1);
}

TEST(ParseUsd, RejectsMoreThanTwelveSignificantDecimals) {
    EXPECT_EQ(ParseUsd("0.0000000000001"), std::nullopt);
    EXPECT_EQ(ParseUsd("1.0000000000005"), std::nullopt);
}

TEST(ParseUsd, RejectsAnythingButADecimal) {
    for (const char* text : {"", "-", "+", ".", "1.", "1e3", "1E-3", "1,5", " 1", "1 ", "0x10",
                             "--1", "+-1", "1.2.3", "abc", "1_000", "inf", "NaN", "\xEF\xBC\x91"}) {
        EXPECT_EQ(ParseUsd(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(ParseUsd, RejectsOverflow) {
    EXPECT_EQ(ParseUsd("9223372.036854775807"), kMax);
    EXPECT_EQ(ParseUsd("-9223372.036854775807"), -kMax);
    EXPECT_EQ(ParseUsd("9223372.036854775808"), std::nullopt);
    EXPECT_EQ(ParseUsd("9223373"), std::nullopt);
    EXPECT_EQ(ParseUsd("99999999999999999999999999999999999999999999999999"), std::nullopt);
    EXPECT_EQ(ParseUsd("18446744.073709551616"), std::nullopt);  // 2^64 picodollars
}

TEST(ParseUsdPerMtok, ParsesPicodollarsPerToken) {
    EXPECT_EQ(ParseUsdPerMtok("0.15"), 150'000);
    EXPECT_EQ(ParseUsdPerMtok("0.60"), 600'000);
    EXPECT_EQ(ParseUsdPerMtok("15"), 15'000'000);
    EXPECT_EQ(ParseUsdPerMtok("0.000001"), 1);
    EXPECT_EQ(ParseUsdPerMtok("0.1875"), 187'500);
    EXPECT_EQ(ParseUsdPerMtok("0.1500000"), 150'000);
    EXPECT_EQ(ParseUsdPerMtok("-1.5"), -1'500'000);
}

TEST(ParseUsdPerMtok, RejectsFractionsOfAPicodollar) {
    EXPECT_EQ(ParseUsdPerMtok("0.0000001"), std::nullopt);
    EXPECT_EQ(ParseUsdPerMtok("0.1234567"), std::nullopt);
    EXPECT_EQ(ParseUsdPerMtok("1.0000005"), std::nullopt);
}

TEST(ParseUsdPerMtok, RejectsOverflowAndGarbage) {
    EXPECT_EQ(ParseUsdPerMtok("9223372036854.775807"), kMax);
    EXPECT_EQ(ParseUsdPerMtok("9223372036854.775808"), std::nullopt);
    EXPECT_EQ(ParseUsdPerMtok("9223372036855"), std::nullopt);
    EXPECT_EQ(ParseUsdPerMtok("0.15 "), std::nullopt);
    EXPECT_EQ(ParseUsdPerMtok("1e-7"), std::nullopt);
    EXPECT_EQ(ParseUsdPerMtok(""), std::nullopt);
}

TEST(FormatUsd, PrintsExactDecimalsWithoutTrailingZeros) {
    EXPECT_EQ(FormatUsd(150'000'000), "0.00015");
    EXPECT_EQ(FormatUsd(0), "0");
    EXPECT_EQ(FormatUsd(-2'500'000'000'000), "-2.5");
    EXPECT_EQ(FormatUsd(1), "0.000000000001");
    EXPECT_EQ(FormatUsd(-1), "-0.000000000001");
    EXPECT_EQ(FormatUsd(kPicoPerUsd), "1");
    EXPECT_EQ(FormatUsd(-kPicoPerUsd), "-1");
    EXPECT_EQ(FormatUsd(12'345'678'900'000), "12.3456789");
    EXPECT_EQ(FormatUsd(10 * kPicoPerUsd), "10");
    EXPECT_EQ(FormatUsd(100'000'000'000), "0.1");
    EXPECT_EQ(FormatUsd(3'150'000), "0.00000315");
    EXPECT_EQ(FormatUsd(kMax), "9223372.036854775807");
    EXPECT_EQ(FormatUsd(kMin), "-9223372.036854775808");
}

TEST(FormatUsd, RoundTripsThroughParseUsd) {
    for (Picodollars amount :
         {Picodollars{0}, Picodollars{1}, Picodollars{-1}, Picodollars{150'000},
          Picodollars{999'999'999'999}, Picodollars{1'000'000'000'001}, kMax, -kMax,
          Picodollars{-123'456'789'012'345}}) {
        EXPECT_EQ(ParseUsd(FormatUsd(amount)), amount) << FormatUsd(amount);
    }
}

TEST(FormatUsd, AppendUsdAppends) {
    std::string out = "cost=";
    AppendUsd(out, 2'500'000'000'000);
    EXPECT_EQ(out, "cost=2.5");
}

TEST(FormatUsdPerToken, PrintsOpenRouterPricingStrings) {
    EXPECT_EQ(FormatUsdPerToken(150'000), "0.00000015");
    EXPECT_EQ(FormatUsdPerToken(0), "0");
    EXPECT_EQ(FormatUsdPerToken(15'000'000), "0.000015");
}

TEST(MulSaturating, MultipliesExactly) {
    EXPECT_EQ(MulSaturating(1000, 150'000), 150'000'000);
    EXPECT_EQ(MulSaturating(0, kMax), 0);
    EXPECT_EQ(MulSaturating(-3, 7), -21);
    EXPECT_EQ(MulSaturating(1, kMin), kMin);
}

TEST(MulSaturating, SaturatesInsteadOfOverflowing) {
    EXPECT_EQ(MulSaturating(kMax, 2), kMax);
    EXPECT_EQ(MulSaturating(4'000'000'000, 4'000'000'000), kMax);
    EXPECT_EQ(MulSaturating(-4'000'000'000, 4'000'000'000), kMin);
    EXPECT_EQ(MulSaturating(4'000'000'000, -4'000'000'000), kMin);
    EXPECT_EQ(MulSaturating(-4'000'000'000, -4'000'000'000), kMax);
    EXPECT_EQ(MulSaturating(kMin, -1), kMax);
}

TEST(Sum128, SumsPastTheInt64Range) {
    Sum128 sum;
    sum.Add(kMax);
    sum.Add(kMax);
    EXPECT_TRUE(sum.Value() == static_cast<__int128>(kMax) * 2);
    EXPECT_EQ(sum.ToUsd(), "18446744.073709551614");
    sum.Add(1);
    sum.Add(1);
    EXPECT_EQ(sum.ToUsd(), "18446744.073709551616");
}

TEST(Sum128, HandlesNegativesAndMerge) {
    Sum128 a;
    a.Add(-2'500'000'000'000);
    a.Add(kMin);
    EXPECT_EQ(a.ToUsd(), "-9223374.536854775808");
    Sum128 b;
    b.Add(2'500'000'000'000);
    b.Add(150'000);
    a.Merge(b);
    EXPECT_EQ(a.ToUsd(), "-9223372.036854625808");
    EXPECT_EQ(Sum128{}.ToUsd(), "0");
}

}  // namespace
}  // namespace switchyard::core
