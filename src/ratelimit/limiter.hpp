#pragma once
// Request rate limits per key: a sliding-window counter per (key, rule). Pure and thread-safe;
// time comes from the caller. Used for a key's own rate limit and for the free-model limits
// (OpenRouter: 20 requests/min; 50/day, 1,000/day once the account bought ≥ $10 of credits).
// Daily windows are UTC days, as OpenRouter's reset at midnight UTC.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace switchyard::ratelimit {

struct Rule {
    std::string_view name;     // e.g. "free-models-per-min"; part of the 429 message
    std::int64_t limit = 0;    // requests per window; <= 0: no limit
    std::int64_t window_s = 60;
    bool utc_days = false;     // a fixed UTC-day window instead of a sliding one
};

struct Decision {
    bool allowed = true;
    std::int64_t retry_after_s = 0;
    std::int64_t remaining = 0;
    std::string_view rule;  // the rule that refused
};

class Limiter {
public:
    /// Counts one request for `key` under `rule` at `now_ms` if it is allowed.
    Decision Take(const std::string& key, const Rule& rule, std::int64_t now_ms);
    /// Like Take for several rules at once: counts only if every rule allows it.
    Decision TakeAll(const std::string& key, std::initializer_list<Rule> rules, std::int64_t now_ms);
    /// Current usage, for GET /key (free_model_daily_requests).
    std::int64_t Used(const std::string& key, const Rule& rule, std::int64_t now_ms) const;
    /// Drops windows idle for longer than a day (call now and then).
    void Sweep(std::int64_t now_ms);

private:
    struct Window {
        std::int64_t start_ms = 0;  // start of the current window
        std::int64_t current = 0;
        std::int64_t previous = 0;
    };
    static void Roll(Window& window, const Rule& rule, std::int64_t now_ms);
    static std::int64_t Estimate(const Window& window, const Rule& rule, std::int64_t now_ms);
    static std::int64_t RetryAfter(const Window& window, const Rule& rule, std::int64_t now_ms);

    mutable std::mutex mutex_;
    std::unordered_map<std::string, Window> windows_;  // key + '\0' + rule name
};

}  // namespace switchyard::ratelimit
