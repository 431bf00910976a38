#include "core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace switchyard::core {
namespace {
std::atomic<std::uint64_t> bug_count{0};
}

void CheckFailed(const char* expr, const char* why, const char* file, int line) {
    std::fprintf(stderr, "switchyard: check failed at %s:%d: %s (%s)\n", file, line, expr, why);
    std::abort();
}

void BugHit(const char* expr, const char* why, const char* file, int line) {
    if (bug_count.fetch_add(1, std::memory_order_relaxed) < 100) {
        std::fprintf(stderr, "switchyard: BUG at %s:%d: %s (%s)\n", file, line, expr, why);
    }
}

std::uint64_t BugCount() { return bug_count.load(std::memory_order_relaxed); }

}  // namespace switchyard::core
