#pragma once
// Randomness is injected like time. FastRandom is a per-owner xoshiro256** generator for load
// balancing, jitter and identifiers that need to be unique, not secret. Secrets (API keys) come
// from libsodium's CSPRNG in the auth module.

#include <array>
#include <cstdint>
#include <string>

namespace switchyard::core {

class Random {
public:
    virtual ~Random() = default;
    virtual std::uint64_t Next() = 0;
    /// Uniform in [0, bound).
    std::uint64_t Below(std::uint64_t bound);
    /// Uniform in [0, 1).
    double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
};

/// xoshiro256**; not thread-safe: give each thread its own.
class FastRandom final : public Random {
public:
    /// Seeds from the operating system.
    FastRandom();
    explicit FastRandom(std::uint64_t seed);
    std::uint64_t Next() override;

private:
    std::array<std::uint64_t, 4> s_{};
};

/// The calling thread's own FastRandom.
FastRandom& ThreadRandom();

/// Appends `count` characters of base62 drawn from `random`.
void AppendBase62(std::string& out, Random& random, std::size_t count);

}  // namespace switchyard::core
