#include "observability/metrics.hpp"

#include <limits>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace switchyard::observability {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RequestRecord Chat(int status = 200) {
    RequestRecord r;
    r.route = "chat_completions";
    r.status = status;
    r.model = "openai/gpt-4o-mini";
    r.provider = "OpenAI";
    r.latency_s = 0.3;
    return r;
}

TEST(Metrics, CountsRequestsByRouteStatusModelAndProvider) {
    Metrics metrics;
    metrics.Record(Chat());
    metrics.Record(Chat());
    metrics.Record(Chat(429));
    const std::string text = metrics.RenderPrometheus();
    EXPECT_THAT(text, HasSubstr("# TYPE switchyard_requests_total counter\n"));
    EXPECT_THAT(text, HasSubstr("switchyard_requests_total{route=\"chat_completions\",status="
                                "\"200\",model=\"openai/gpt-4o-mini\",provider=\"OpenAI\"} 2\n"));
    EXPECT_THAT(text, HasSubstr("switchyard_requests_total{route=\"chat_completions\",status="
                                "\"429\",model=\"openai/gpt-4o-mini\",provider=\"OpenAI\"} 1\n"));
}

TEST(Metrics, HistogramBucketsAreCumulative) {
    Metrics metrics;
    for (double latency : {0.003, 0.3, 200.0, 0.1}) {
        RequestRecord r = Chat();
        r.latency_s = latency;
        metrics.Record(r);
    }
    const std::string text = metrics.RenderPrometheus();
    const std::string prefix =
        "switchyard_request_duration_seconds_bucket{route=\"chat_completions\",le=\"";
    EXPECT_THAT(text, HasSubstr("# TYPE switchyard_request_duration_seconds histogram\n"));
    EXPECT_THAT(text, HasSubstr(prefix + "0.001\"} 0\n"));
    EXPECT_THAT(text, HasSubstr(prefix + "0.005\"} 1\n"));
    EXPECT_THAT(text, HasSubstr(prefix + "0.05\"} 1\n"));
    EXPECT_THAT(text, HasSubstr(prefix + "0.1\"} 2\n"));  // a value on a bound is in that bucket
    EXPECT_THAT(text, HasSubstr(prefix + "0.25\"} 2\n"));
    EXPECT_THAT(text, HasSubstr(prefix + "0.5\"} 3\n"));
    EXPECT_THAT(text, HasSubstr(prefix + "120\"} 3\n"));
    EXPECT_THAT(text, HasSubstr(prefix + "+Inf\"} 4\n"));
    EXPECT_THAT(
        text,
        HasSubstr("switchyard_request_duration_seconds_count{route=\"chat_completions\"} 4\n"));
    EXPECT_THAT(
        text,
        HasSubstr("switchyard_request_duration_seconds_sum{route=\"chat_completions\"} 200.403\n"));
}

TEST(Metrics, TimeToFirstTokenOnlyWhenThereWasOne) {
    Metrics metrics;
    RequestRecord none = Chat();
    metrics.Record(none);  // ttft_s < 0
    EXPECT_THAT(metrics.RenderPrometheus(),
                Not(HasSubstr("switchyard_time_to_first_token_seconds_count")));
    RequestRecord first = Chat();
    first.ttft_s = 0.02;
    metrics.Record(first);
    const std::string text = metrics.RenderPrometheus();
    EXPECT_THAT(
        text,
        HasSubstr(
            "switchyard_time_to_first_token_seconds_bucket{provider=\"OpenAI\",le=\"0.01\"} 0\n"));
    EXPECT_THAT(
        text,
        HasSubstr(
            "switchyard_time_to_first_token_seconds_bucket{provider=\"OpenAI\",le=\"0.025\"} 1\n"));
    EXPECT_THAT(text,
                HasSubstr("switchyard_time_to_first_token_seconds_count{provider=\"OpenAI\"} 1\n"));
}

TEST(Metrics, EscapesLabelValues) {
    Metrics metrics;
    RequestRecord r = Chat();
    r.model = "a\"b\\c\nd";
    metrics.Record(r);
    EXPECT_THAT(metrics.RenderPrometheus(), HasSubstr("model=\"a\\\"b\\\\c\\nd\""));
}

TEST(Metrics, TokensAndExactCost) {
    Metrics metrics;
    RequestRecord r = Chat();
    r.prompt_tokens = 1000;
    r.completion_tokens = 250;
    r.cost = 150'000'000;  // $0.00015
    metrics.Record(r);
    metrics.Record(r);
    const std::string text = metrics.RenderPrometheus();
    EXPECT_THAT(text, HasSubstr("switchyard_tokens_total{model=\"openai/"
                                "gpt-4o-mini\",provider=\"OpenAI\",type=\"prompt\"} 2000\n"));
    EXPECT_THAT(text, HasSubstr("switchyard_tokens_total{model=\"openai/"
                                "gpt-4o-mini\",provider=\"OpenAI\",type=\"completion\"} 500\n"));
    EXPECT_THAT(text, HasSubstr("switchyard_cost_usd_total{model=\"openai/"
                                "gpt-4o-mini\",provider=\"OpenAI\"} 0.0003\n"));
}

TEST(Metrics, CostTotalsPassTheInt64Range) {
    Metrics metrics;
    RequestRecord r = Chat();
    r.cost = std::numeric_limits<std::int64_t>::max();
    metrics.Record(r);
    metrics.Record(r);
    EXPECT_THAT(metrics.RenderPrometheus(),
                HasSubstr("switchyard_cost_usd_total{model=\"openai/"
                          "gpt-4o-mini\",provider=\"OpenAI\"} 18446744.073709551614\n"));
}

TEST(Metrics, UpstreamErrorsGaugesAndBytes) {
    Metrics metrics;
    metrics.UpstreamError("together", "upstream_reset");
    metrics.UpstreamError("together", "upstream_reset");
    metrics.UpstreamError("groq", "upstream_rate_limited");
    metrics.AddBytesRelayed(100);
    metrics.AddBytesRelayed(23);
    metrics.active_streams() += 3;
    metrics.AddGauge("switchyard_open_connections", "Open client connections.", [] { return 7.0; });
    const std::string text = metrics.RenderPrometheus();
    EXPECT_THAT(
        text,
        HasSubstr(
            "switchyard_upstream_errors_total{provider=\"together\",kind=\"upstream_reset\"} 2\n"));
    EXPECT_THAT(text, HasSubstr("switchyard_upstream_errors_total{provider=\"groq\",kind="
                                "\"upstream_rate_limited\"} 1\n"));
    EXPECT_THAT(text, HasSubstr("switchyard_bytes_relayed_total 123\n"));
    EXPECT_THAT(text, HasSubstr("switchyard_active_streams 3\n"));
    EXPECT_THAT(text, HasSubstr("# HELP switchyard_open_connections Open client connections.\n"
                                "# TYPE switchyard_open_connections gauge\n"
                                "switchyard_open_connections 7\n"));
}

TEST(Metrics, MergesShardsOfSeveralThreads) {
    Metrics metrics;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&metrics] {
            for (int i = 0; i < 25; ++i) {
                metrics.Record(Chat());
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    metrics.Record(Chat());
    EXPECT_THAT(metrics.RenderPrometheus(), HasSubstr("provider=\"OpenAI\"} 101\n"));
}

TEST(Metrics, InstancesAreIndependent) {
    Metrics a;
    Metrics b;
    a.Record(Chat());
    EXPECT_THAT(a.RenderPrometheus(), HasSubstr("switchyard_requests_total{"));
    EXPECT_THAT(b.RenderPrometheus(), Not(HasSubstr("switchyard_requests_total{")));
}

TEST(Histogram, ObserveAndMerge) {
    Histogram a;
    a.Observe(0.0005);
    a.Observe(1000);
    Histogram b;
    b.Observe(1);
    a.Merge(b);
    EXPECT_EQ(a.count, 3u);
    EXPECT_EQ(a.buckets[0], 1u);
    EXPECT_EQ(a.buckets[8], 1u);                          // le=1
    EXPECT_EQ(a.buckets[Histogram::kBounds.size()], 1u);  // +Inf
    EXPECT_DOUBLE_EQ(a.sum, 1001.0005);
}

}  // namespace
}  // namespace switchyard::observability
