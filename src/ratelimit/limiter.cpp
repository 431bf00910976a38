#include "ratelimit/limiter.hpp"

#include <algorithm>
#include <vector>

namespace switchyard::ratelimit {
namespace {

std::string WindowKey(const std::string& key, std::string_view rule) {
    std::string out = key;
    out.push_back('\0');
    out.append(rule);
    return out;
}

std::int64_t WindowStart(const Rule& rule, std::int64_t now_ms) {
    const std::int64_t window_ms = std::max<std::int64_t>(rule.window_s, 1) * 1000;
    // Sliding windows are also aligned to multiples of their length; for a UTC day that is
    // midnight UTC.
    return now_ms - ((now_ms % window_ms) + window_ms) % window_ms;
}

}  // namespace

void Limiter::Roll(Window& window, const Rule& rule, std::int64_t now_ms) {
    const std::int64_t window_ms = std::max<std::int64_t>(rule.window_s, 1) * 1000;
    const std::int64_t start = WindowStart(rule, now_ms);
    if (start == window.start_ms) {
        return;
    }
    window.previous = (start - window.start_ms == window_ms) ? window.current : 0;
    window.current = 0;
    window.start_ms = start;
}

std::int64_t Limiter::Estimate(const Window& window, const Rule& rule, std::int64_t now_ms) {
    if (rule.utc_days) {
        return window.current;
    }
    // Sliding window: the previous window's count weighted by how much of it still overlaps.
    const std::int64_t window_ms = std::max<std::int64_t>(rule.window_s, 1) * 1000;
    const std::int64_t elapsed = now_ms - window.start_ms;
    const std::int64_t carried = window.previous * (window_ms - elapsed) / window_ms;
    return window.current + carried;
}

std::int64_t Limiter::RetryAfter(const Window& window, const Rule& rule, std::int64_t now_ms) {
    const std::int64_t window_ms = std::max<std::int64_t>(rule.window_s, 1) * 1000;
    const std::int64_t until_next = window.start_ms + window_ms - now_ms;
    return std::max<std::int64_t>(1, (until_next + 999) / 1000);
}

Decision Limiter::Take(const std::string& key, const Rule& rule, std::int64_t now_ms) {
    return TakeAll(key, {rule}, now_ms);
}

Decision Limiter::TakeAll(const std::string& key, std::initializer_list<Rule> rules, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<Window*, const Rule*>> windows;
    Decision decision;
    decision.remaining = INT64_MAX;
    for (const Rule& rule : rules) {
        if (rule.limit <= 0) {
            continue;
        }
        Window& window = windows_[WindowKey(key, rule.name)];
        Roll(window, rule, now_ms);
        const std::int64_t used = Estimate(window, rule, now_ms);
        if (used >= rule.limit) {
            decision.allowed = false;
            decision.rule = rule.name;
            decision.retry_after_s = std::max(decision.retry_after_s, RetryAfter(window, rule, now_ms));
            decision.remaining = 0;
        } else {
            decision.remaining = std::min(decision.remaining, rule.limit - used - 1);
        }
        windows.emplace_back(&window, &rule);
    }
    if (decision.allowed) {
        for (auto& [window, rule] : windows) {
            ++window->current;
        }
    }
    if (decision.remaining == INT64_MAX) {
        decision.remaining = -1;  // unlimited
    }
    return decision;
}

std::int64_t Limiter::Used(const std::string& key, const Rule& rule, std::int64_t now_ms) const {
    std::lock_guard lock(mutex_);
    auto found = windows_.find(WindowKey(key, rule.name));
    if (found == windows_.end()) {
        return 0;
    }
    Window window = found->second;
    Roll(window, rule, now_ms);
    return Estimate(window, rule, now_ms);
}

void Limiter::Sweep(std::int64_t now_ms) {
    constexpr std::int64_t kDayMs = 86'400'000;
    std::lock_guard lock(mutex_);
    for (auto it = windows_.begin(); it != windows_.end();) {
        if (now_ms - it->second.start_ms > 2 * kDayMs) {
            it = windows_.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace switchyard::ratelimit
