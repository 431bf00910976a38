#pragma once
// Unicode properties for the pre-tokeniser and a strict UTF-8 decoder. The property data is
// generated from Node's regular-expression engine (tools/tokenizer/gen_unicode.mjs), because
// js-tiktoken, whose output we must reproduce, splits text with JavaScript regexes.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace switchyard::tokenizer::detail {

// One bit per property; the generator writes them in this order.
inline constexpr std::uint8_t kFlagLu = 1 << 0;
inline constexpr std::uint8_t kFlagLl = 1 << 1;
inline constexpr std::uint8_t kFlagLt = 1 << 2;
inline constexpr std::uint8_t kFlagLm = 1 << 3;
inline constexpr std::uint8_t kFlagLo = 1 << 4;
inline constexpr std::uint8_t kFlagM = 1 << 5;
inline constexpr std::uint8_t kFlagN = 1 << 6;
/// JavaScript's \s (which, unlike Python's, includes U+FEFF and excludes U+0085).
inline constexpr std::uint8_t kFlagSpace = 1 << 7;

/// \p{L}.
inline constexpr std::uint8_t kFlagLetter = kFlagLu | kFlagLl | kFlagLt | kFlagLm | kFlagLo;
/// o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}].
inline constexpr std::uint8_t kFlagUpperish = kFlagLu | kFlagLt | kFlagLm | kFlagLo | kFlagM;
/// o200k's [\p{Ll}\p{Lm}\p{Lo}\p{M}].
inline constexpr std::uint8_t kFlagLowerish = kFlagLl | kFlagLm | kFlagLo | kFlagM;

// Generated in unicode_ranges.cpp: range i covers [kRangeStarts[i], kRangeStarts[i + 1]).
extern const std::uint32_t kRangeStarts[];
extern const std::uint8_t kRangeFlags[];
extern const std::size_t kRangeCount;

/// Flags of any code point, by binary search over the ranges.
std::uint8_t LookupFlags(char32_t code_point);

/// Flags of every code point below U+10000, built on first use (64 KiB); the scanner looks the
/// Basic Multilingual Plane up directly and binary-searches only the rare supplementary planes.
const std::uint8_t* BmpFlags();

/// One decoded unit of text: a code point, or a single byte that is not valid UTF-8.
struct Unit {
    char32_t code_point;  // kInvalidUnit for a byte that is not valid UTF-8
    std::uint8_t flags;   // kFlag... bits; invalid bytes have none, like punctuation
    std::uint8_t size;    // bytes consumed, 1..4
};

inline constexpr char32_t kInvalidUnit = 0xFFFFFFFF;

/// Decodes the unit at `pos` (< text.size()). Strict UTF-8: overlong forms, surrogates and
/// values past U+10FFFF are not code points; each of their bytes becomes one invalid unit, so
/// malformed input still advances and still produces tokens.
inline Unit DecodeAt(std::string_view text, std::size_t pos, const std::uint8_t* bmp_flags) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
    const std::size_t left = text.size() - pos;
    const unsigned b0 = s[0];
    if (b0 < 0x80) {
        return {b0, bmp_flags[b0], 1};
    }
    auto continuation = [&](std::size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
        return i < left && s[i] >= lo && s[i] <= hi;
    };
    char32_t cp = 0;
    std::uint8_t size = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (continuation(1)) {
            cp = ((b0 & 0x1Fu) << 6) | (s[1] & 0x3Fu);
            size = 2;
        }
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80;  // no overlongs
        const unsigned hi = b0 == 0xED ? 0x9F : 0xBF;  // no surrogates
        if (continuation(1, lo, hi) && continuation(2)) {
            cp = ((b0 & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
            size = 3;
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80;  // no overlongs
        const unsigned hi = b0 == 0xF4 ? 0x8F : 0xBF;  // nothing past U+10FFFF
        if (continuation(1, lo, hi) && continuation(2) && continuation(3)) {
            cp = ((b0 & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
                 (s[3] & 0x3Fu);
            size = 4;
        }
    }
    if (size == 0) {
        return {kInvalidUnit, 0, 1};
    }
    return {cp, cp < 0x10000 ? bmp_flags[cp] : LookupFlags(cp), size};
}

}  // namespace switchyard::tokenizer::detail
