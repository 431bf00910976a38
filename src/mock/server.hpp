#pragma once
// `switchyard mock`: an OpenAI-format upstream that plays mock::Plan out over HTTP, with the
// pacing and fault modes described in script.hpp. Used by the tests, the demo and benchmarks.
// GET /mock/stats reports what it saw (tests assert the gateway's effect on the upstream, e.g.
// that a client's cancel reached it).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "mock/format.hpp"
#include "mock/script.hpp"
#include "net/server.hpp"

namespace switchyard::mock {

struct Stats {
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> streams_started{0};
    std::atomic<std::uint64_t> streams_completed{0};
    std::atomic<std::uint64_t> streams_cancelled{0};  // the gateway hung up mid-stream
    std::atomic<std::uint64_t> completions{0};        // non-streamed answers sent
    std::atomic<std::uint64_t> tokens_sent{0};
    std::atomic<std::uint64_t> faults{0};
    std::atomic<std::int64_t> in_flight{0};
    std::atomic<std::int64_t> max_in_flight{0};
    std::atomic<std::uint64_t> authorized{0};  // requests that carried an Authorization header

    std::string ToJson() const;
    void Reset();
};

struct MockOptions {
    std::string format = "openai";  // see MakeFormat
    Defaults defaults;
    /// When set, requests must carry `Authorization: Bearer <required_key>` (401 otherwise).
    std::string required_key;
};

/// Returns an empty handler when `options.format` is unknown.
net::Handler MakeMockHandler(MockOptions options, std::shared_ptr<Stats> stats);

}  // namespace switchyard::mock
