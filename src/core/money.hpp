#pragma once
// Money is integers: int64 counts of picodollars (1e-12 USD). Every per-token price in the
// reference data is a whole number of picodollars, so a cost is tokens × price with no rounding.
// Totals that could pass ±$9.2M are summed in 128 bits (Sum128). No floating point anywhere in
// pricing, holds, settlement or balances (design.md, "Money").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard::core {

using Picodollars = std::int64_t;

inline constexpr Picodollars kPicoPerUsd = 1'000'000'000'000;
/// A price of 1 USD per million tokens is 1,000,000 picodollars per token.
inline constexpr Picodollars kPicoPerTokenPerUsdPerMtok = 1'000'000;

/// Parses a decimal USD amount ("12.5", "0.000000150") into picodollars. Fails (nullopt) on
/// anything but an optional sign, digits and one dot, on more than 12 decimals, or on overflow.
std::optional<Picodollars> ParseUsd(std::string_view decimal);

/// Parses a price in USD per million tokens ("0.15") into picodollars per token. More than 6
/// decimals would be a fraction of a picodollar per token and is rejected.
std::optional<Picodollars> ParseUsdPerMtok(std::string_view decimal);

/// Prints picodollars as an exact decimal USD amount with no trailing zeros: 150000000 → "0.00015",
/// 0 → "0", -2500000000000 → "-2.5". The result is valid as a JSON number.
std::string FormatUsd(Picodollars amount);
void AppendUsd(std::string& out, Picodollars amount);

/// Prints a per-token price in USD (OpenRouter's `pricing.prompt` strings): 150000 → "0.00000015".
std::string FormatUsdPerToken(Picodollars per_token);

/// tokens × price, saturating instead of overflowing (a price or count that large is a config or
/// provider bug; saturation keeps it visible without undefined behaviour).
Picodollars MulSaturating(std::int64_t tokens, Picodollars price);

/// 128-bit accumulator for totals.
class Sum128 {
public:
    void Add(Picodollars amount) { value_ += amount; }
    void Merge(const Sum128& other) { value_ += other.value_; }
    __int128 Value() const { return value_; }
    /// Exact decimal USD, like FormatUsd but over 128 bits.
    std::string ToUsd() const;

private:
    __int128 value_ = 0;
};

}  // namespace switchyard::core
