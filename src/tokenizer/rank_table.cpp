#include "tokenizer/rank_table.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <queue>
#include <vector>

#include "core/assert.hpp"
#include "tokenizer/rank_data.hpp"

namespace switchyard::tokenizer::detail {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the embedded rank files are little-endian");

constexpr std::uint32_t kMagic = 0x50425953;  // "SYBP"
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kHeaderWords = 4;
constexpr int kRankBits = 18;  // o200k_base has 199,998 ranks
constexpr int kTagBits = 32 - kRankBits;
constexpr std::uint32_t kRankMask = (1u << kRankBits) - 1;
constexpr std::uint32_t kEmptySlot = 0xFFFFFFFF;  // rank kRankMask is never used (checked)

std::uint64_t Load64(const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

std::uint32_t Load32(const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
    const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
    return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}

/// A wyhash-style hash: a few multiplications for the short keys that dominate lookups.
std::uint64_t Hash(std::string_view key) {
    constexpr std::uint64_t kP0 = 0xa0761d6478bd642full;
    constexpr std::uint64_t kP1 = 0xe7037ed1a0b428dbull;
    const char* p = key.data();
    const std::size_t n = key.size();
    std::uint64_t seed = kP0;
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    if (n <= 16) {
        if (n >= 8) {
            a = Load64(p);
            b = Load64(p + n - 8);
        } else if (n >= 4) {
            a = Load32(p);
            b = Load32(p + n - 4);
        } else if (n > 0) {
            a = (std::uint64_t{static_cast<unsigned char>(p[0])} << 16) |
                (std::uint64_t{static_cast<unsigned char>(p[n >> 1])} << 8) |
                static_cast<unsigned char>(p[n - 1]);
        }
    } else {
        std::size_t i = 0;
        for (; i + 16 < n; i += 16) {
            seed = Mix(Load64(p + i) ^ kP1, Load64(p + i + 8) ^ seed);
        }
        a = Load64(p + n - 16);
        b = Load64(p + n - 8);
    }
    return Mix(kP1 ^ n, Mix(a ^ kP1, b ^ seed));
}

}  // namespace

RankTable::RankTable(std::span<const std::uint32_t> data) {
    // The file is a build artefact checked by convert.mjs; a mismatch here means a broken build.
    SY_CHECK(data.size() >= kHeaderWords && data[0] == kMagic && data[1] == kVersion,
             "embedded tokenizer rank data has the wrong format");
    token_count_ = data[2];
    const std::uint32_t byte_count = data[3];
    SY_CHECK(token_count_ > 0 && token_count_ < kRankMask,
             "embedded tokenizer rank data has too many tokens for the index");
    const std::size_t offset_words = std::size_t{token_count_} + 1;
    SY_CHECK((kHeaderWords + offset_words) * 4 + byte_count <= data.size_bytes(),
             "embedded tokenizer rank data is truncated");
    offsets_ = data.data() + kHeaderWords;
    bytes_ = reinterpret_cast<const char*>(offsets_ + offset_words);
    data_bytes_ = data.size_bytes();
    SY_CHECK(offsets_[token_count_] == byte_count, "embedded tokenizer rank data is inconsistent");

    // About 40% load: short probe sequences, and 4 bytes per slot keep it at 1-2 MiB.
    const std::size_t slot_count = std::bit_ceil(std::size_t{token_count_} * 5 / 2);
    slot_mask_ = slot_count - 1;
    slots_ = std::make_unique<std::uint32_t[]>(slot_count);
    std::fill_n(slots_.get(), slot_count, kEmptySlot);
    std::fill(std::begin(byte_ranks_), std::end(byte_ranks_), kNoRank);
    for (std::uint32_t rank = 0; rank < token_count_; ++rank) {
        SY_CHECK(offsets_[rank] <= offsets_[rank + 1], "embedded tokenizer offsets go backwards");
        const std::string_view bytes = Bytes(rank);
        if (bytes.empty()) {
            continue;  // an unused rank
        }
        max_token_size_ = std::max(max_token_size_, bytes.size());
        if (bytes.size() == 1) {
            byte_ranks_[static_cast<unsigned char>(bytes[0])] = rank;
        }
        const std::uint64_t hash = Hash(bytes);
        const auto tag = static_cast<std::uint32_t>(hash >> (64 - kTagBits));
        std::size_t slot = hash & slot_mask_;
        while (slots_[slot] != kEmptySlot) {
            slot = (slot + 1) & slot_mask_;
        }
        slots_[slot] = (tag << kRankBits) | rank;
    }
    for (const std::uint32_t rank : byte_ranks_) {
        SY_CHECK(rank != kNoRank, "embedded tokenizer rank data lacks a single-byte token");
    }
}

std::string_view RankTable::Bytes(std::uint32_t rank) const {
    return {bytes_ + offsets_[rank], offsets_[rank + 1] - offsets_[rank]};
}

std::uint32_t RankTable::Find(std::string_view bytes) const {
    if (bytes.size() > max_token_size_ || bytes.empty()) {
        return kNoRank;
    }
    const std::uint64_t hash = Hash(bytes);
    const auto tag = static_cast<std::uint32_t>(hash >> (64 - kTagBits));
    for (std::size_t slot = hash & slot_mask_;; slot = (slot + 1) & slot_mask_) {
        const std::uint32_t entry = slots_[slot];
        if (entry == kEmptySlot) {
            return kNoRank;
        }
        if ((entry >> kRankBits) == tag) {
            const std::uint32_t rank = entry & kRankMask;
            const std::uint32_t begin = offsets_[rank];
            if (offsets_[rank + 1] - begin == bytes.size() &&
                std::memcmp(bytes_ + begin, bytes.data(), bytes.size()) == 0) {
                return rank;
            }
        }
    }
}

std::size_t RankTable::MemoryBytes() const {
    return data_bytes_ + (slot_mask_ + 1) * sizeof(std::uint32_t) + sizeof(*this);
}

const RankTable& TableFor(Encoding encoding) {
    // Built on first use; C++ guarantees one thread builds while others wait. Never destroyed,
    // so counting stays valid during static destruction at exit.
    if (encoding == Encoding::kO200kBase) {
        static const RankTable& o200k = *new RankTable(EmbeddedRankData(Encoding::kO200kBase));
        return o200k;
    }
    static const RankTable& cl100k = *new RankTable(EmbeddedRankData(Encoding::kCl100kBase));
    return cl100k;
}

namespace {

std::size_t MergeSmall(const RankTable& table, std::string_view piece, std::uint32_t* out) {
    // tiktoken's merge: parts[i] starts at starts[i]; pair_rank[i] is the rank of parts i and
    // i + 1 joined. Each round merges the lowest-ranked pair (the first one on ties) and
    // recomputes the two pair ranks that changed.
    const std::size_t n = piece.size();
    std::uint32_t starts[kSmallPiece + 1];
    std::uint32_t pair_rank[kSmallPiece];
    std::uint32_t token[kSmallPiece];
    for (std::size_t i = 0; i < n; ++i) {
        starts[i] = static_cast<std::uint32_t>(i);
        token[i] = table.ByteRank(static_cast<unsigned char>(piece[i]));
        pair_rank[i] = i + 1 < n ? table.Find(piece.substr(i, 2)) : kNoRank;
    }
    starts[n] = static_cast<std::uint32_t>(n);
    std::size_t parts = n;
    const auto joined_rank = [&](std::size_t i) {
        // Parts i and i + 1 joined; starts[parts] is the end sentinel.
        return i + 1 < parts ? table.Find(piece.substr(starts[i], starts[i + 2] - starts[i]))
                             : kNoRank;
    };
    while (parts > 1) {
        std::size_t best = 0;
        for (std::size_t i = 1; i + 1 < parts; ++i) {
            if (pair_rank[i] < pair_rank[best]) {
                best = i;
            }
        }
        if (pair_rank[best] == kNoRank) {
            break;
        }
        token[best] = pair_rank[best];
        // Remove part best + 1 (the sentinel start moves down with the rest).
        std::memmove(starts + best + 1, starts + best + 2, (parts - best - 1) * sizeof(*starts));
        std::memmove(token + best + 1, token + best + 2, (parts - best - 2) * sizeof(*token));
        std::memmove(pair_rank + best + 1, pair_rank + best + 2,
                     (parts - best - 2) * sizeof(*pair_rank));
        --parts;
        pair_rank[best] = joined_rank(best);
        if (best > 0) {
            pair_rank[best - 1] = joined_rank(best - 1);
        }
    }
    std::copy_n(token, parts, out);
    return parts;
}

std::size_t MergeLarge(const RankTable& table, std::string_view piece, std::uint32_t* out) {
    // The same merge order with a priority queue keyed by (rank, start): a linked list of
    // parts named by their start offset, and lazily discarded stale queue entries. A stale
    // entry either names a dead part or carries a rank its part no longer has; an entry whose
    // (rank, start) still matches describes the current pair exactly, since rank and start
    // determine the joined bytes.
    const auto n = static_cast<std::uint32_t>(piece.size());
    std::vector<std::uint32_t> next(n + 1);
    std::vector<std::uint32_t> prev(n);
    std::vector<std::uint32_t> token(n);
    std::vector<std::uint32_t> pair_rank(n, kNoRank);
    std::vector<bool> alive(n, true);
    std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>> queue;
    const auto joined_rank = [&](std::uint32_t i) {
        const std::uint32_t second = next[i];
        return second < n ? table.Find(piece.substr(i, next[second] - i)) : kNoRank;
    };
    const auto push = [&](std::uint32_t i) {
        pair_rank[i] = joined_rank(i);
        if (pair_rank[i] != kNoRank) {
            queue.push((std::uint64_t{pair_rank[i]} << 32) | i);
        }
    };
    for (std::uint32_t i = 0; i < n; ++i) {
        next[i] = i + 1;
        prev[i] = i == 0 ? n : i - 1;  // n: none
        token[i] = table.ByteRank(static_cast<unsigned char>(piece[i]));
    }
    next[n] = n;
    for (std::uint32_t i = 0; i + 1 < n; ++i) {
        push(i);
    }
    while (!queue.empty()) {
        const std::uint64_t entry = queue.top();
        queue.pop();
        const auto i = static_cast<std::uint32_t>(entry);
        const auto rank = static_cast<std::uint32_t>(entry >> 32);
        if (!alive[i] || pair_rank[i] != rank) {
            continue;
        }
        const std::uint32_t second = next[i];
        token[i] = rank;
        alive[second] = false;
        next[i] = next[second];
        if (next[i] < n) {
            prev[next[i]] = i;
        }
        push(i);
        if (prev[i] != n) {
            push(prev[i]);
        }
    }
    std::size_t count = 0;
    for (std::uint32_t i = 0; i < n; i = next[i]) {
        out[count++] = token[i];
    }
    return count;
}

}  // namespace

std::size_t BytePairEncode(const RankTable& table, std::string_view piece, std::uint32_t* out) {
    if (piece.size() <= 1) {
        if (piece.size() == 1) {
            out[0] = table.ByteRank(static_cast<unsigned char>(piece[0]));
        }
        return piece.size();
    }
    return piece.size() <= kSmallPiece ? MergeSmall(table, piece, out)
                                       : MergeLarge(table, piece, out);
}

}  // namespace switchyard::tokenizer::detail
