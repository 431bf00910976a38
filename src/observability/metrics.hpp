#pragma once
// Prometheus metrics. Writers (I/O threads) each update their own shard under a mutex only they
// and the scraper take, so the hot path never contends; a scrape merges the shards.
//
// Metric families (names are stable; tests assert on them):
//   switchyard_requests_total{route,status,model,provider}          counter
//   switchyard_request_duration_seconds{route}                      histogram
//   switchyard_time_to_first_token_seconds{provider}                histogram
//   switchyard_upstream_errors_total{provider,kind}                 counter
//   switchyard_tokens_total{model,provider,type}                    counter (prompt|completion)
//   switchyard_cost_usd_total{model,provider}                       counter (exact decimal)
//   switchyard_active_streams, switchyard_bytes_relayed_total, plus gauges supplied by callers.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/money.hpp"

namespace switchyard::observability {

/// One finished request, as the access log and the metrics see it.
struct RequestRecord {
    std::string request_id;
    std::string generation_id;
    std::string key_hash_prefix;
    std::string client_address;
    std::string_view method;
    std::string_view route;
    std::string path;
    std::string model;
    std::string provider;
    int status = 0;
    bool streamed = false;
    bool cancelled = false;
    std::string error_kind;  // stat name of the error, empty on success
    double latency_s = 0;
    double ttft_s = -1;  // < 0: no first token
    std::int64_t prompt_tokens = 0;
    std::int64_t completion_tokens = 0;
    bool tokens_estimated = false;
    core::Picodollars cost = 0;
    std::uint64_t bytes_out = 0;
    int attempts = 0;
};

class Histogram {
public:
    static constexpr std::array<double, 15> kBounds = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                       1,     2.5,   5,    10,    30,    60,  120};
    void Observe(double seconds);
    void Merge(const Histogram& other);
    std::array<std::uint64_t, kBounds.size() + 1> buckets{};  // last one: +Inf
    std::uint64_t count = 0;
    double sum = 0;
};

class Metrics {
public:
    Metrics();
    ~Metrics();

    void Record(const RequestRecord& record);
    void UpstreamError(std::string_view provider, std::string_view kind);
    void AddBytesRelayed(std::uint64_t bytes);
    std::atomic<std::int64_t>& active_streams() { return active_streams_; }

    /// Extra gauges rendered at scrape time (e.g. open connections), read on the scraping thread.
    void AddGauge(std::string name, std::string help, std::function<double()> read);

    std::string RenderPrometheus() const;

private:
    struct Shard;
    Shard& LocalShard();

    mutable std::mutex shards_mutex_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::atomic<std::int64_t> active_streams_{0};
    std::atomic<std::uint64_t> bytes_relayed_{0};
    struct Gauge {
        std::string name;
        std::string help;
        std::function<double()> read;
    };
    std::vector<Gauge> gauges_;
    const std::uintptr_t id_;
};

}  // namespace switchyard::observability
