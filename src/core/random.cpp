#include "core/random.hpp"

#include <random>

namespace switchyard::core {
namespace {

std::uint64_t SplitMix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

std::uint64_t Random::Below(std::uint64_t bound) {
    if (bound <= 1) {
        return 0;
    }
    // Lemire's nearly-divisionless method would be faster; rejection keeps it simple and unbiased.
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % bound);
    std::uint64_t x = 0;
    do {
        x = Next();
    } while (x >= limit);
    return x % bound;
}

FastRandom::FastRandom() {
    std::random_device device;
    std::uint64_t seed = (static_cast<std::uint64_t>(device()) << 32) ^ device();
    for (auto& word : s_) {
        word = SplitMix(seed);
    }
}

FastRandom::FastRandom(std::uint64_t seed) {
    for (auto& word : s_) {
        word = SplitMix(seed);
    }
}

std::uint64_t FastRandom::Next() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
}

FastRandom& ThreadRandom() {
    thread_local FastRandom random;
    return random;
}

void AppendBase62(std::string& out, Random& random, std::size_t count) {
    static constexpr char kAlphabet[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back(kAlphabet[random.Below(62)]);
    }
}

}  // namespace switchyard::core
