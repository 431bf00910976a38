#pragma once
// Time is injected: code that makes decisions by time (deadlines, breakers, rate limits, stats)
// takes a Clock so tests can drive it without sleeping.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace switchyard::core {

using SteadyTime = std::chrono::steady_clock::time_point;
using SystemTime = std::chrono::system_clock::time_point;
using Duration = std::chrono::nanoseconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual SteadyTime SteadyNow() const = 0;
    virtual SystemTime SystemNow() const = 0;
};

/// The process clock. Thread-safe.
class RealClock final : public Clock {
public:
    SteadyTime SteadyNow() const override { return std::chrono::steady_clock::now(); }
    SystemTime SystemNow() const override { return std::chrono::system_clock::now(); }
};

/// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
public:
    SteadyTime SteadyNow() const override { return SteadyTime(Duration(steady_ns_.load())); }
    SystemTime SystemNow() const override {
        return SystemTime(std::chrono::duration_cast<SystemTime::duration>(Duration(system_ns_.load())));
    }
    void Advance(Duration d) {
        steady_ns_ += d.count();
        system_ns_ += d.count();
    }
    void SetSystem(SystemTime t) {
        system_ns_ = std::chrono::duration_cast<Duration>(t.time_since_epoch()).count();
    }

private:
    std::atomic<std::int64_t> steady_ns_{1'000'000'000'000};
    std::atomic<std::int64_t> system_ns_{1'750'000'000'000'000'000};
};

/// Seconds since the Unix epoch.
inline std::int64_t UnixSeconds(SystemTime t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace switchyard::core
