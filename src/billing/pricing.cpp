#include "billing/pricing.hpp"

#include <algorithm>
#include <limits>

namespace switchyard::billing {

using core::MulSaturating;
using core::Picodollars;

namespace {
Picodollars SaturatingAdd(Picodollars a, Picodollars b) {
    Picodollars out = 0;
    if (__builtin_add_overflow(a, b, &out)) {
        return b > 0 ? std::numeric_limits<Picodollars>::max() : std::numeric_limits<Picodollars>::min();
    }
    return out;
}
}  // namespace

Cost ComputeCost(const canonical::Usage& usage, const Prices& prices) {
    const std::int64_t prompt_tokens = std::max<std::int64_t>(usage.prompt_tokens, 0);
    const std::int64_t cached = std::clamp<std::int64_t>(usage.cached_tokens, 0, prompt_tokens);
    const std::int64_t writes = std::clamp<std::int64_t>(usage.cache_write_tokens, 0, prompt_tokens - cached);
    const std::int64_t uncached = prompt_tokens - cached - writes;
    const Picodollars read_price = prices.cache_read != 0 ? prices.cache_read : prices.prompt;
    const Picodollars write_price = prices.cache_write != 0 ? prices.cache_write : prices.prompt;

    Cost cost;
    cost.prompt = SaturatingAdd(MulSaturating(uncached, prices.prompt),
                                SaturatingAdd(MulSaturating(cached, read_price), MulSaturating(writes, write_price)));
    cost.prompt = SaturatingAdd(cost.prompt, MulSaturating(std::max<std::int64_t>(usage.image_count, 0), prices.image));
    cost.completion = MulSaturating(std::max<std::int64_t>(usage.completion_tokens, 0), prices.completion);
    cost.request = prices.request;
    cost.total = SaturatingAdd(SaturatingAdd(cost.prompt, cost.completion), cost.request);
    return cost;
}

Picodollars WorstCaseCost(std::int64_t prompt_tokens_bound, std::int64_t max_completion_tokens, std::int64_t images,
                          const Prices& prices) {
    const Picodollars prompt_rate = std::max({prices.prompt, prices.cache_read, prices.cache_write});
    Picodollars total = MulSaturating(std::max<std::int64_t>(prompt_tokens_bound, 0), prompt_rate);
    total = SaturatingAdd(total, MulSaturating(std::max<std::int64_t>(max_completion_tokens, 0), prices.completion));
    total = SaturatingAdd(total, MulSaturating(std::max<std::int64_t>(images, 0), prices.image));
    return SaturatingAdd(total, prices.request);
}

}  // namespace switchyard::billing
