#pragma once
// Pure pricing: what a request cost, from the provider's native usage and the endpoint's prices.
// Integers only (core/money.hpp).

#include <cstdint>

#include "canonical/chat.hpp"
#include "core/money.hpp"

namespace switchyard::billing {

/// An endpoint's prices, per token unless named otherwise.
struct Prices {
    core::Picodollars prompt = 0;
    core::Picodollars completion = 0;
    core::Picodollars cache_read = 0;   // 0: same as prompt
    core::Picodollars cache_write = 0;  // 0: same as prompt
    core::Picodollars request = 0;      // per request
    core::Picodollars image = 0;        // per input image

    /// True when ComputeCost is zero for any usage (cache prices charge on their own).
    bool IsFree() const {
        return prompt == 0 && completion == 0 && cache_read == 0 && cache_write == 0 && request == 0 && image == 0;
    }
};

struct Cost {
    core::Picodollars prompt = 0;      // uncached + cache reads + cache writes + images
    core::Picodollars completion = 0;  // completion tokens, reasoning included
    core::Picodollars request = 0;
    core::Picodollars total = 0;
};

/// The cost of `usage` at `prices`. `prompt_tokens` counts every prompt token, cached or not
/// (OpenAI's convention, which adapters normalise to); cached and cache-write tokens are priced
/// at their own rates when the endpoint has them.
Cost ComputeCost(const canonical::Usage& usage, const Prices& prices);

/// Upper bound of a request's cost, for holds: every prompt token at the highest prompt-side
/// rate, plus `max_completion_tokens` at the completion rate, plus fixed fees.
core::Picodollars WorstCaseCost(std::int64_t prompt_tokens_bound, std::int64_t max_completion_tokens,
                                std::int64_t images, const Prices& prices);

}  // namespace switchyard::billing
