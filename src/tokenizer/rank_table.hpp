#pragma once
// Byte string → rank lookup over one embedded rank file, and the byte-pair merge that turns a
// pre-tokenised piece into ranks (token ids).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "tokenizer/tokenizer.hpp"

namespace switchyard::tokenizer::detail {

inline constexpr std::uint32_t kNoRank = 0xFFFFFFFF;

class RankTable {
  public:
    /// Indexes an embedded rank file (layout in tools/tokenizer/convert.mjs). The keys stay in
    /// the embedded data; only the open-addressing slots are allocated.
    explicit RankTable(std::span<const std::uint32_t> data);

    /// The rank of exactly these bytes, or kNoRank.
    std::uint32_t Find(std::string_view bytes) const;
    std::uint32_t ByteRank(unsigned char byte) const { return byte_ranks_[byte]; }
    std::string_view Bytes(std::uint32_t rank) const;

    std::size_t TokenCount() const { return token_count_; }
    /// Bytes of the embedded file plus the index built over it.
    std::size_t MemoryBytes() const;

  private:
    const std::uint32_t* offsets_ = nullptr;  // token_count_ + 1 entries
    const char* bytes_ = nullptr;
    std::size_t data_bytes_ = 0;
    std::uint32_t token_count_ = 0;
    std::size_t max_token_size_ = 0;
    // Each slot holds kEmptySlot or (hash tag << kRankBits | rank); the tag, taken from hash
    // bits that did not pick the slot, rejects most non-matching probes without touching keys.
    std::unique_ptr<std::uint32_t[]> slots_;
    std::size_t slot_mask_ = 0;
    std::uint32_t byte_ranks_[256] = {};
};

/// The table of `encoding`, built on first use (thread-safe) and kept for the process.
const RankTable& TableFor(Encoding encoding);

/// Pieces up to this many bytes are merged in stack buffers; longer ones (rare: very long words,
/// whitespace or punctuation runs) use a heap-based merge that stays O(n log n).
inline constexpr std::size_t kSmallPiece = 128;

/// Writes the tokens of `piece` to `out`, which must have room for piece.size() ranks, and
/// returns how many it wrote: adjacent parts are merged lowest rank first (leftmost on ties),
/// starting from single bytes, exactly as tiktoken's byte-pair merge does.
std::size_t BytePairEncode(const RankTable& table, std::string_view piece, std::uint32_t* out);

}  // namespace switchyard::tokenizer::detail
