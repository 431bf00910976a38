#include "observability/metrics.hpp"

#include <cstdio>
#include <unordered_map>

namespace switchyard::observability {

void Histogram::Observe(double seconds) {
    std::size_t i = 0;
    while (i < kBounds.size() && seconds > kBounds[i]) {
        ++i;
    }
    ++buckets[i];
    ++count;
    sum += seconds;
}

void Histogram::Merge(const Histogram& other) {
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        buckets[i] += other.buckets[i];
    }
    count += other.count;
    sum += other.sum;
}

struct Metrics::Shard {
    std::mutex mutex;
    std::map<std::tuple<std::string, int, std::string, std::string>, std::uint64_t> requests;
    std::map<std::string, Histogram> latency;  // by route
    std::map<std::string, Histogram> ttft;     // by provider
    std::map<std::pair<std::string, std::string>, std::uint64_t> upstream_errors;
    std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> tokens;
    std::map<std::pair<std::string, std::string>, core::Sum128> cost;
};

namespace {
std::atomic<std::uintptr_t> next_metrics_id{1};
}

Metrics::Metrics() : id_(next_metrics_id.fetch_add(1)) {}
Metrics::~Metrics() = default;

Metrics::Shard& Metrics::LocalShard() {
    // Each thread finds its shard for this Metrics instance; a thread serves one instance in
    // practice, so the small per-thread map stays tiny.
    thread_local std::unordered_map<std::uintptr_t, Shard*> mine;
    auto it = mine.find(id_);
    if (it != mine.end()) {
        return *it->second;
    }
    std::lock_guard lock(shards_mutex_);
    shards_.push_back(std::make_unique<Shard>());
    Shard* shard = shards_.back().get();
    mine[id_] = shard;
    return *shard;
}

void Metrics::Record(const RequestRecord& r) {
    Shard& shard = LocalShard();
    std::lock_guard lock(shard.mutex);
    ++shard.requests[{std::string(r.route), r.status, r.model, r.provider}];
    shard.latency[std::string(r.route)].Observe(r.latency_s);
    if (r.ttft_s >= 0 && !r.provider.empty()) {
        shard.ttft[r.provider].Observe(r.ttft_s);
    }
    if (r.prompt_tokens > 0) {
        shard.tokens[{r.model, r.provider, "prompt"}] += static_cast<std::uint64_t>(r.prompt_tokens);
    }
    if (r.completion_tokens > 0) {
        shard.tokens[{r.model, r.provider, "completion"}] += static_cast<std::uint64_t>(r.completion_tokens);
    }
    if (r.cost != 0) {
        shard.cost[{r.model, r.provider}].Add(r.cost);
    }
}

void Metrics::UpstreamError(std::string_view provider, std::string_view kind) {
    Shard& shard = LocalShard();
    std::lock_guard lock(shard.mutex);
    ++shard.upstream_errors[{std::string(provider), std::string(kind)}];
}

void Metrics::AddBytesRelayed(std::uint64_t bytes) { bytes_relayed_.fetch_add(bytes, std::memory_order_relaxed); }

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
    gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

namespace {

void AppendLabelValue(std::string& out, std::string_view value) {
    for (char c : value) {
        if (c == '\\' || c == '"') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out.append("\\n");
        } else {
            out.push_back(c);
        }
    }
}

void AppendNumber(std::string& out, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", value);
    out.append(buf);
}

void AppendHistogram(std::string& out, std::string_view name, std::string_view label, const std::string& label_value,
                     const Histogram& h) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < h.buckets.size(); ++i) {
        cumulative += h.buckets[i];
        out.append(name).append("_bucket{").append(label).append("=\"");
        AppendLabelValue(out, label_value);
        out.append("\",le=\"");
        if (i < Histogram::kBounds.size()) {
            AppendNumber(out, Histogram::kBounds[i]);
        } else {
            out.append("+Inf");
        }
        out.append("\"} ").append(std::to_string(cumulative)).push_back('\n');
    }
    out.append(name).append("_sum{").append(label).append("=\"");
    AppendLabelValue(out, label_value);
    out.append("\"} ");
    AppendNumber(out, h.sum);
    out.push_back('\n');
    out.append(name).append("_count{").append(label).append("=\"");
    AppendLabelValue(out, label_value);
    out.append("\"} ").append(std::to_string(h.count)).push_back('\n');
}

}  // namespace

std::string Metrics::RenderPrometheus() const {
    std::map<std::tuple<std::string, int, std::string, std::string>, std::uint64_t> requests;
    std::map<std::string, Histogram> latency;
    std::map<std::string, Histogram> ttft;
    std::map<std::pair<std::string, std::string>, std::uint64_t> upstream_errors;
    std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> tokens;
    std::map<std::pair<std::string, std::string>, core::Sum128> cost;
    {
        std::lock_guard lock(shards_mutex_);
        for (const auto& shard : shards_) {
            std::lock_guard shard_lock(shard->mutex);
            for (const auto& [k, v] : shard->requests) requests[k] += v;
            for (const auto& [k, v] : shard->latency) latency[k].Merge(v);
            for (const auto& [k, v] : shard->ttft) ttft[k].Merge(v);
            for (const auto& [k, v] : shard->upstream_errors) upstream_errors[k] += v;
            for (const auto& [k, v] : shard->tokens) tokens[k] += v;
            for (const auto& [k, v] : shard->cost) {
                cost[k].Merge(v);
            }
        }
    }
    std::string out;
    out.reserve(4096);
    out.append("# HELP switchyard_requests_total Requests answered, by route, status, model and provider.\n");
    out.append("# TYPE switchyard_requests_total counter\n");
    for (const auto& [key, value] : requests) {
        const auto& [route, status, model, provider] = key;
        out.append("switchyard_requests_total{route=\"");
        AppendLabelValue(out, route);
        out.append("\",status=\"").append(std::to_string(status)).append("\",model=\"");
        AppendLabelValue(out, model);
        out.append("\",provider=\"");
        AppendLabelValue(out, provider);
        out.append("\"} ").append(std::to_string(value)).push_back('\n');
    }
    out.append("# HELP switchyard_request_duration_seconds Time from request head to last byte.\n");
    out.append("# TYPE switchyard_request_duration_seconds histogram\n");
    for (const auto& [route, h] : latency) {
        AppendHistogram(out, "switchyard_request_duration_seconds", "route", route, h);
    }
    out.append("# HELP switchyard_time_to_first_token_seconds Time from request head to the first content byte.\n");
    out.append("# TYPE switchyard_time_to_first_token_seconds histogram\n");
    for (const auto& [provider, h] : ttft) {
        AppendHistogram(out, "switchyard_time_to_first_token_seconds", "provider", provider, h);
    }
    out.append("# HELP switchyard_upstream_errors_total Failed upstream attempts, by provider and kind.\n");
    out.append("# TYPE switchyard_upstream_errors_total counter\n");
    for (const auto& [key, value] : upstream_errors) {
        out.append("switchyard_upstream_errors_total{provider=\"");
        AppendLabelValue(out, key.first);
        out.append("\",kind=\"");
        AppendLabelValue(out, key.second);
        out.append("\"} ").append(std::to_string(value)).push_back('\n');
    }
    out.append("# HELP switchyard_tokens_total Tokens processed, by model, provider and type.\n");
    out.append("# TYPE switchyard_tokens_total counter\n");
    for (const auto& [key, value] : tokens) {
        const auto& [model, provider, type] = key;
        out.append("switchyard_tokens_total{model=\"");
        AppendLabelValue(out, model);
        out.append("\",provider=\"");
        AppendLabelValue(out, provider);
        out.append("\",type=\"").append(type).append("\"} ").append(std::to_string(value)).push_back('\n');
    }
    out.append("# HELP switchyard_cost_usd_total Cost of the requests served, in USD.\n");
    out.append("# TYPE switchyard_cost_usd_total counter\n");
    for (const auto& [key, value] : cost) {
        out.append("switchyard_cost_usd_total{model=\"");
        AppendLabelValue(out, key.first);
        out.append("\",provider=\"");
        AppendLabelValue(out, key.second);
        out.append("\"} ").append(value.ToUsd()).push_back('\n');
    }
    out.append("# HELP switchyard_active_streams Streams being relayed now.\n# TYPE switchyard_active_streams gauge\n");
    out.append("switchyard_active_streams ").append(std::to_string(active_streams_.load())).push_back('\n');
    out.append("# HELP switchyard_bytes_relayed_total Response bytes written to clients.\n");
    out.append("# TYPE switchyard_bytes_relayed_total counter\n");
    out.append("switchyard_bytes_relayed_total ").append(std::to_string(bytes_relayed_.load())).push_back('\n');
    for (const Gauge& gauge : gauges_) {
        out.append("# HELP ").append(gauge.name).append(" ").append(gauge.help).push_back('\n');
        out.append("# TYPE ").append(gauge.name).append(" gauge\n");
        out.append(gauge.name).push_back(' ');
        AppendNumber(out, gauge.read());
        out.push_back('\n');
    }
    return out;
}

}  // namespace switchyard::observability
