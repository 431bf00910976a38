#include "tokenizer/pretokenizer.hpp"

// The split patterns, as js-tiktoken 1.0.21 ships them (tools/tokenizer/convert.mjs fails the
// build if they change). C is the contraction group ('s|'S|'t|'T|'re|...|'d|'D), all ASCII.
//
//   cl100k_base:  C | [^\r\n\p{L}\p{N}]?\p{L}+ | \p{N}{1,3} | ' '?[^\s\p{L}\p{N}]+[\r\n]*
//                 | \s*[\r\n]+ | \s+(?!\S) | \s+
//   o200k_base:   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+C?
//                 | [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*C?
//                 | \p{N}{1,3} | ' '?[^\s\p{L}\p{N}]+[\r\n/]* | \s*[\r\n]+ | \s+(?!\S) | \s+
//
// A JavaScript regex takes the first alternative that matches at the current position, and
// within it the first way to match in greedy order, backtracking where a later element fails.
// Each function below computes that first match directly, without trial and error.
//
// These are js-tiktoken's patterns, not current Python tiktoken's: Python's cl100k_base pattern
// has an extra `\s++$` alternative, so a whitespace run containing a newline at the very end of
// a text splits differently there ("x\n  " is "x","\n","  " here and "x","\n  " in Python).

namespace switchyard::tokenizer::detail {
namespace {

constexpr std::size_t kNoMatch = static_cast<std::size_t>(-1);

bool IsCrLf(char32_t c) {
    return c == '\r' || c == '\n';
}

/// [^\s\p{L}\p{N}]: punctuation, symbols, marks, controls and invalid bytes.
bool IsPunctuation(const Unit& unit) {
    return (unit.flags & (kFlagLetter | kFlagN | kFlagSpace)) == 0;
}

/// [^\r\n\p{L}\p{N}]: the optional character in front of a word.
bool IsWordPrefix(const Unit& unit) {
    return (unit.flags & (kFlagLetter | kFlagN)) == 0 && !IsCrLf(unit.code_point);
}

}  // namespace

PreTokenizer::PreTokenizer(std::string_view text, Encoding encoding)
    : text_(text), encoding_(encoding), bmp_flags_(BmpFlags()) {}

std::string_view PreTokenizer::Next() {
    if (pos_ >= text_.size()) {
        return {};
    }
    const std::size_t begin = pos_;
    std::size_t end =
        encoding_ == Encoding::kO200kBase ? O200kPieceEnd(begin) : Cl100kPieceEnd(begin);
    // Every code point is a letter, number, whitespace or punctuation, and each class has an
    // alternative that matches at least one unit, so this cannot trigger; it only guarantees
    // progress if a future edit broke that.
    if (end <= begin || end > text_.size()) {
        end = begin + At(begin).size;
    }
    pos_ = end;
    return text_.substr(begin, end - begin);
}

std::size_t PreTokenizer::SkipWhile(std::size_t pos, std::uint8_t any_flags) const {
    while (pos < text_.size()) {
        const Unit unit = At(pos);
        if ((unit.flags & any_flags) == 0) {
            break;
        }
        pos += unit.size;
    }
    return pos;
}

std::size_t PreTokenizer::SkipDigits(std::size_t pos) const {
    // \p{N}{1,3}: the caller has checked the first one.
    for (int count = 0; count < 3 && pos < text_.size(); ++count) {
        const Unit unit = At(pos);
        if ((unit.flags & kFlagN) == 0) {
            break;
        }
        pos += unit.size;
    }
    return pos;
}

std::size_t PreTokenizer::ContractionSize(std::size_t pos) const {
    // '(s|t|m|d|re|ve|ll), each letter in either case; ASCII only, so bytes suffice.
    if (pos + 1 >= text_.size() || text_[pos] != '\'') {
        return 0;
    }
    const auto either_case = [&](std::size_t i, char lower) {
        return i < text_.size() && (text_[i] == lower || text_[i] == lower - ('a' - 'A'));
    };
    const std::size_t i = pos + 1;
    if (either_case(i, 's') || either_case(i, 't') || either_case(i, 'm') || either_case(i, 'd')) {
        return 2;
    }
    if (((either_case(i, 'r') || either_case(i, 'v')) && either_case(i + 1, 'e')) ||
        (either_case(i, 'l') && either_case(i + 1, 'l'))) {
        return 3;
    }
    return 0;
}

std::size_t PreTokenizer::PunctuationEnd(std::size_t pos, bool slash_too) const {
    // ' '?[^\s\p{L}\p{N}]+[\r\n]* (o200k also takes '/' in the trailing class). The optional
    // space is only taken when punctuation follows it; otherwise backtracking drops it and the
    // punctuation run must start at `pos` itself.
    std::size_t p = pos;
    if (text_[p] == ' ' && p + 1 < text_.size() && IsPunctuation(At(p + 1))) {
        ++p;
    }
    if (!IsPunctuation(At(p))) {
        return kNoMatch;
    }
    while (p < text_.size()) {
        const Unit unit = At(p);
        if (!IsPunctuation(unit)) {
            break;
        }
        p += unit.size;
    }
    while (p < text_.size() &&
           (text_[p] == '\r' || text_[p] == '\n' || (slash_too && text_[p] == '/'))) {
        ++p;
    }
    return p;
}

std::size_t PreTokenizer::WhitespaceEnd(std::size_t pos) const {
    // The caller has checked that `pos` is whitespace and that no earlier alternative matched.
    // Walk the whole whitespace run [pos, run_end) once, then:
    //   \s*[\r\n]+ : \s* first takes the run, then gives back units until [\r\n]+ can match,
    //                so the match ends just after the run's last CR or LF;
    //   \s+(?!\S)  : the run up to the end of text, or the run minus its last unit when at
    //                least two units remain (that unit then prefixes the next word);
    //   \s+        : a single whitespace unit before a non-space.
    std::size_t run_end = pos;
    std::size_t last_newline_end = kNoMatch;
    std::size_t last_unit = pos;
    std::size_t units = 0;
    while (run_end < text_.size()) {
        const Unit unit = At(run_end);
        if ((unit.flags & kFlagSpace) == 0) {
            break;
        }
        last_unit = run_end;
        run_end += unit.size;
        ++units;
        if (IsCrLf(unit.code_point)) {
            last_newline_end = run_end;
        }
    }
    if (last_newline_end != kNoMatch) {
        return last_newline_end;
    }
    if (run_end == text_.size() || units < 2) {
        return run_end;
    }
    return last_unit;
}

std::size_t PreTokenizer::Cl100kPieceEnd(std::size_t pos) const {
    const Unit first = At(pos);
    if (const std::size_t size = ContractionSize(pos); size != 0) {
        return pos + size;
    }
    // [^\r\n\p{L}\p{N}]?\p{L}+ : a letter run, optionally with one non-letter in front.
    if ((first.flags & kFlagLetter) != 0) {
        return SkipWhile(pos + first.size, kFlagLetter);
    }
    if (IsWordPrefix(first) && pos + first.size < text_.size()) {
        const Unit second = At(pos + first.size);
        if ((second.flags & kFlagLetter) != 0) {
            return SkipWhile(pos + first.size + second.size, kFlagLetter);
        }
    }
    if ((first.flags & kFlagN) != 0) {
        return SkipDigits(pos);
    }
    if (const std::size_t end = PunctuationEnd(pos, false); end != kNoMatch) {
        return end;
    }
    return WhitespaceEnd(pos);
}

std::size_t PreTokenizer::UpperLowerEnd(std::size_t pos) const {
    // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+ from `pos`. The first class
    // takes the longest run it can, then gives units back until the second class can start:
    // the second class therefore starts at the run's end if that unit is lower-ish, else at
    // the last lower-ish unit inside the run (Lm, Lo and marks are in both classes), and
    // extends greedily from there.
    std::size_t p = pos;
    std::size_t last_lowerish = kNoMatch;
    while (p < text_.size()) {
        const Unit unit = At(p);
        if ((unit.flags & kFlagUpperish) == 0) {
            break;
        }
        if ((unit.flags & kFlagLowerish) != 0) {
            last_lowerish = p;
        }
        p += unit.size;
    }
    std::size_t lower_start = kNoMatch;
    if (p < text_.size() && (At(p).flags & kFlagLowerish) != 0) {
        lower_start = p;
    } else if (last_lowerish != kNoMatch) {
        lower_start = last_lowerish;
    } else {
        return kNoMatch;
    }
    return SkipWhile(lower_start, kFlagLowerish);
}

std::size_t PreTokenizer::O200kPieceEnd(std::size_t pos) const {
    const Unit first = At(pos);
    const std::size_t next = pos + first.size;
    const bool has_prefix = IsWordPrefix(first) && next < text_.size();
    // Alternative 1: X?U*W+C?. The optional prefix X is tried taken first, then not taken.
    std::size_t end = has_prefix ? UpperLowerEnd(next) : kNoMatch;
    if (end == kNoMatch) {
        end = UpperLowerEnd(pos);
    }
    if (end != kNoMatch) {
        return end + ContractionSize(end);
    }
    // Alternative 2: X?U+W*C?. U+ never needs to give anything back because W* may be empty.
    if (has_prefix && (At(next).flags & kFlagUpperish) != 0) {
        end = SkipWhile(SkipWhile(next, kFlagUpperish), kFlagLowerish);
        return end + ContractionSize(end);
    }
    if ((first.flags & kFlagUpperish) != 0) {
        end = SkipWhile(SkipWhile(pos, kFlagUpperish), kFlagLowerish);
        return end + ContractionSize(end);
    }
    if ((first.flags & kFlagN) != 0) {
        return SkipDigits(pos);
    }
    if (end = PunctuationEnd(pos, true); end != kNoMatch) {
        return end;
    }
    return WhitespaceEnd(pos);
}

}  // namespace switchyard::tokenizer::detail
