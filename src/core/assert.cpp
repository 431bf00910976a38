#include "core/assert.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

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

#ifndef NDEBUG
namespace boost {

namespace {
bool IsKnownFalseAlarm(const char* expr, const char* file) {
    // Beast 1.81's chunked-body parser asserts `n >= 5` when the last chunk "0\r\n" and the
    // final CRLF arrive in separate reads; the code after it handles that case correctly
    // (fixed upstream in boostorg/beast#2861). A client choosing its packet boundaries must not
    // be able to abort a debug server.
    return std::strcmp(expr, "n >= 5") == 0 && std::strstr(file, "basic_parser.ipp") != nullptr;
}
}  // namespace

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
    if (IsKnownFalseAlarm(expr, file)) {
        return;
    }
    std::fprintf(stderr, "Boost assertion failed at %s:%ld in %s: %s\n", file, line, function, expr);
    std::abort();
}

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line) {
    if (IsKnownFalseAlarm(expr, file)) {
        return;
    }
    std::fprintf(stderr, "Boost assertion failed at %s:%ld in %s: %s (%s)\n", file, line, function, expr, msg);
    std::abort();
}

}  // namespace boost
#endif
