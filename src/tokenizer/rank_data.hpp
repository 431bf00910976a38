#pragma once
// The BPE rank tables, converted from js-tiktoken at build time (tools/tokenizer/convert.mjs)
// and linked into the binary with .incbin, so nothing is read from disk at run time.

#include <cstddef>
#include <cstdint>
#include <span>

#include "tokenizer/tokenizer.hpp"

namespace switchyard::tokenizer::detail {

/// The embedded file for `encoding`, as 32-bit words (the layout is described in convert.mjs;
/// the byte section at its end is read through a byte pointer). 64-byte aligned.
std::span<const std::uint32_t> EmbeddedRankData(Encoding encoding);

}  // namespace switchyard::tokenizer::detail
