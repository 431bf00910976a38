#include "tokenizer/unicode.hpp"

#include <algorithm>
#include <array>
#include <memory>

namespace switchyard::tokenizer::detail {

std::uint8_t LookupFlags(char32_t code_point) {
    const std::uint32_t* begin = kRangeStarts;
    const std::uint32_t* end = kRangeStarts + kRangeCount;
    // The first range starts at 0, so upper_bound never returns `begin`.
    const std::uint32_t* it = std::upper_bound(begin, end, static_cast<std::uint32_t>(code_point));
    return kRangeFlags[(it - begin) - 1];
}

const std::uint8_t* BmpFlags() {
    static const std::unique_ptr<std::array<std::uint8_t, 0x10000>> table = [] {
        auto flags = std::make_unique<std::array<std::uint8_t, 0x10000>>();
        for (std::size_t i = 0; i < kRangeCount && kRangeStarts[i] < 0x10000; ++i) {
            const std::uint32_t end = i + 1 < kRangeCount
                                          ? std::min<std::uint32_t>(kRangeStarts[i + 1], 0x10000)
                                          : 0x10000;
            std::fill(flags->begin() + kRangeStarts[i], flags->begin() + end, kRangeFlags[i]);
        }
        return flags;
    }();
    return table->data();
}

}  // namespace switchyard::tokenizer::detail
