#pragma once
// The pre-tokeniser: splits text into the pieces that BPE then encodes one by one, exactly as
// js-tiktoken's split regexes do (JavaScript semantics: ordered alternation, greedy quantifiers
// with backtracking). It is a hand-written scanner over code points; pretokenizer.cpp derives
// each step from the pattern it implements.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tokenizer/tokenizer.hpp"
#include "tokenizer/unicode.hpp"

namespace switchyard::tokenizer::detail {

class PreTokenizer {
  public:
    PreTokenizer(std::string_view text, Encoding encoding);

    /// Returns the next piece, or an empty view at the end of the text. Pieces are never empty
    /// and together cover the whole text, so every byte is tokenised.
    std::string_view Next();

  private:
    std::size_t Cl100kPieceEnd(std::size_t pos) const;
    std::size_t O200kPieceEnd(std::size_t pos) const;

    // Shared building blocks, each returning the end position of what it matched.
    std::size_t SkipWhile(std::size_t pos, std::uint8_t any_flags) const;
    std::size_t SkipDigits(std::size_t pos) const;
    std::size_t ContractionSize(std::size_t pos) const;
    std::size_t PunctuationEnd(std::size_t pos, bool slash_too) const;
    std::size_t WhitespaceEnd(std::size_t pos) const;
    std::size_t UpperLowerEnd(std::size_t pos) const;

    Unit At(std::size_t pos) const { return DecodeAt(text_, pos, bmp_flags_); }

    std::string_view text_;
    Encoding encoding_;
    const std::uint8_t* bmp_flags_;
    std::size_t pos_ = 0;
};

}  // namespace switchyard::tokenizer::detail
