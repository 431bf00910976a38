#include "core/money.hpp"

#include <algorithm>
#include <limits>

namespace switchyard::core {
namespace {

std::optional<Picodollars> ParseScaled(std::string_view text, int max_decimals, Picodollars scale) {
    if (text.empty()) {
        return std::nullopt;
    }
    bool negative = false;
    if (text.front() == '-' || text.front() == '+') {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const std::size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() && frac.empty()) {
        return std::nullopt;
    }
    if (dot != std::string_view::npos && frac.empty()) {
        return std::nullopt;  // "1." is not a decimal we accept
    }
    auto all_digits = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!all_digits(whole) || !all_digits(frac)) {
        return std::nullopt;
    }
    // Trailing zeros beyond the allowed precision carry no value ("0.1500000" is fine).
    std::string_view significant = frac;
    while (!significant.empty() && significant.back() == '0') {
        significant.remove_suffix(1);
    }
    if (static_cast<int>(significant.size()) > max_decimals) {
        return std::nullopt;
    }
    __int128 value = 0;
    constexpr __int128 kLimit = std::numeric_limits<Picodollars>::max();
    for (char c : whole) {
        value = value * 10 + (c - '0');
        if (value * scale > kLimit) {
            return std::nullopt;
        }
    }
    value *= scale;
    Picodollars place = scale;
    for (char c : significant) {
        place /= 10;
        value += static_cast<__int128>(c - '0') * place;
    }
    if (value > kLimit) {
        return std::nullopt;
    }
    const auto result = static_cast<Picodollars>(value);
    return negative ? -result : result;
}

void AppendScaled(std::string& out, __int128 amount, int decimals) {
    if (amount < 0) {
        out.push_back('-');
        amount = -amount;
    }
    __int128 scale = 1;
    for (int i = 0; i < decimals; ++i) {
        scale *= 10;
    }
    const __int128 whole = amount / scale;
    __int128 frac = amount % scale;
    char digits[48];
    int n = 0;
    __int128 w = whole;
    do {
        digits[n++] = static_cast<char>('0' + static_cast<int>(w % 10));
        w /= 10;
    } while (w != 0);
    while (n > 0) {
        out.push_back(digits[--n]);
    }
    if (frac == 0) {
        return;
    }
    char fdigits[48];
    for (int i = decimals - 1; i >= 0; --i) {
        fdigits[i] = static_cast<char>('0' + static_cast<int>(frac % 10));
        frac /= 10;
    }
    int len = decimals;
    while (len > 0 && fdigits[len - 1] == '0') {
        --len;
    }
    out.push_back('.');
    out.append(fdigits, static_cast<std::size_t>(len));
}

}  // namespace

std::optional<Picodollars> ParseUsd(std::string_view decimal) {
    return ParseScaled(decimal, 12, kPicoPerUsd);
}

std::optional<Picodollars> ParseUsdPerMtok(std::string_view decimal) {
    return ParseScaled(decimal, 6, kPicoPerTokenPerUsdPerMtok);
}

void AppendUsd(std::string& out, Picodollars amount) { AppendScaled(out, amount, 12); }

std::string FormatUsd(Picodollars amount) {
    std::string out;
    AppendUsd(out, amount);
    return out;
}

std::string FormatUsdPerToken(Picodollars per_token) { return FormatUsd(per_token); }

Picodollars MulSaturating(std::int64_t tokens, Picodollars price) {
    Picodollars result = 0;
    if (__builtin_mul_overflow(tokens, price, &result)) {
        return ((tokens < 0) != (price < 0)) ? std::numeric_limits<Picodollars>::min()
                                             : std::numeric_limits<Picodollars>::max();
    }
    return result;
}

std::string Sum128::ToUsd() const {
    std::string out;
    AppendScaled(out, value_, 12);
    return out;
}

}  // namespace switchyard::core
