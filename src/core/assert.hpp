#pragma once
// Three assertion tiers (Envoy's ASSERT / RELEASE_ASSERT / ENVOY_BUG):
//   SY_ASSERT(cond, why)  debug-only invariant;
//   SY_CHECK(cond, why)   always fatal: continuing would corrupt state (e.g. the ledger);
//   SY_BUG(cond, why)     "cannot happen, but survivable": fatal in debug builds; in release it
//                         logs once per call site and bumps the `switchyard_bugs_total` counter.
// Never use any of them on client or provider input: bad input is an Error value and a counter.

#include <atomic>
#include <cstdint>

namespace switchyard::core {

[[noreturn]] void CheckFailed(const char* expr, const char* why, const char* file, int line);
void BugHit(const char* expr, const char* why, const char* file, int line);
std::uint64_t BugCount();

}  // namespace switchyard::core

#define SY_CHECK(cond, why)                                                       \
    do {                                                                          \
        if (!(cond)) [[unlikely]] {                                               \
            ::switchyard::core::CheckFailed(#cond, why, __FILE__, __LINE__);      \
        }                                                                         \
    } while (false)

#ifdef NDEBUG
#define SY_ASSERT(cond, why) \
    do {                     \
    } while (false)
#define SY_BUG(cond, why)                                                         \
    do {                                                                          \
        if (!(cond)) [[unlikely]] {                                               \
            ::switchyard::core::BugHit(#cond, why, __FILE__, __LINE__);           \
        }                                                                         \
    } while (false)
#else
#define SY_ASSERT(cond, why) SY_CHECK(cond, why)
#define SY_BUG(cond, why) SY_CHECK(cond, why)
#endif
