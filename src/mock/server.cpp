#include "mock/server.hpp"

#include <chrono>

#include "core/json_writer.hpp"
#include "core/strings.hpp"
#include "net/worker.hpp"

namespace switchyard::mock {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t Now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Sleeps on the exchange's worker; returns early (false) when the client goes away.
net::Task<bool> Sleep(net::Exchange& exchange, net::Timer& timer, std::chrono::milliseconds duration) {
    if (duration.count() <= 0) {
        co_return !exchange.ClientGone();
    }
    timer.expires_after(duration);
    co_await timer.async_wait(net::kUseTask);
    co_return !exchange.ClientGone();
}

class InFlight {
public:
    explicit InFlight(Stats& stats) : stats_(stats) {
        const std::int64_t now = stats_.in_flight.fetch_add(1) + 1;
        std::int64_t max = stats_.max_in_flight.load();
        while (now > max && !stats_.max_in_flight.compare_exchange_weak(max, now)) {
        }
    }
    ~InFlight() { stats_.in_flight.fetch_sub(1); }

private:
    Stats& stats_;
};

struct Shared {
    MockOptions options;
    std::unique_ptr<Format> format;
    std::shared_ptr<Stats> stats;
};

net::Task<void> Chat(net::Exchange& exchange, const Shared& shared) {
    const Format& format = *shared.format;
    Stats& stats = *shared.stats;
    stats.requests.fetch_add(1);
    InFlight in_flight(stats);
    auto header = [&exchange](std::string_view name) { return exchange.Header(name); };
    if (!exchange.Header("authorization").empty() || !exchange.Header("x-api-key").empty() ||
        !exchange.Header("api-key").empty() || !exchange.Header("x-goog-api-key").empty()) {
        stats.authorized.fetch_add(1);
    }
    if (!format.Authorized(header, shared.options.required_key)) {
        co_await exchange.Respond(401, "application/json", format.ErrorBody(401, "Incorrect API key provided"));
        co_return;
    }
    auto parsed = format.ParseRequest(exchange.Path(), exchange.Query(), exchange.Body());
    if (!parsed) {
        co_await exchange.Respond(400, "application/json", format.ErrorBody(400, parsed.error().message));
        co_return;
    }
    const canonical::ChatRequest& request = parsed->request;
    const Plan plan = MakePlan(request.model, request, shared.options.defaults);
    const std::int64_t created = Now();
    auto timer_owner = std::make_shared<net::Timer>(net::Worker::Current()->executor());
    net::Timer& timer = *timer_owner;
    exchange.WatchClient([weak = std::weak_ptr<net::Timer>(timer_owner)] {
        if (auto alive = weak.lock()) {
            alive->cancel();
        }
    });

    switch (plan.fault) {
        case Fault::kHttpStatus: {
            stats.faults.fetch_add(1);
            std::vector<net::HeaderField> headers;
            if (plan.status == 429 || plan.status == 503) {
                headers.push_back({"Retry-After", "1"});
            }
            co_await exchange.Respond(plan.status, "application/json",
                                      format.ErrorBody(plan.status, "Mock failure " + std::to_string(plan.status)),
                                      headers);
            co_return;
        }
        case Fault::kResetBeforeHeaders:
            stats.faults.fetch_add(1);
            exchange.ResetConnection();
            co_return;
        case Fault::kStall:
            stats.faults.fetch_add(1);
            co_await Sleep(exchange, timer, std::chrono::minutes(10));
            exchange.ResetConnection();
            co_return;
        default:
            break;
    }

    const auto interval = plan.tokens_per_s > 0 ? std::chrono::milliseconds(1000 / plan.tokens_per_s)
                                                : std::chrono::milliseconds(0);
    if (!parsed->stream) {
        const auto total = std::chrono::milliseconds(plan.ttft_ms) +
                           interval * static_cast<std::int64_t>(std::max<std::size_t>(plan.tokens.size(), 1) - 1);
        if (!co_await Sleep(exchange, timer, total)) {
            co_return;
        }
        if (plan.fault == Fault::kMalformedJson) {
            stats.faults.fetch_add(1);
            co_await exchange.Respond(200, "application/json", "{\"id\":\"mock\",\"choices\":[{\"mess");
            co_return;
        }
        const std::string body = format.Completion(plan, created);
        if (plan.fault == Fault::kTruncated) {
            stats.faults.fetch_add(1);
            std::string raw = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                              std::to_string(body.size() + 100) + "\r\n\r\n" + body;
            co_await exchange.WriteRaw(raw);
            exchange.ResetConnection();
            co_return;
        }
        stats.completions.fetch_add(1);
        stats.tokens_sent.fetch_add(static_cast<std::uint64_t>(CompletionTokens(plan)));
        co_await exchange.Respond(200, "application/json", body);
        co_return;
    }

    stats.streams_started.fetch_add(1);
    const std::string_view content_type =
        plan.fault == Fault::kWrongContentType ? "text/html; charset=utf-8" : format.StreamContentType();
    if (!co_await exchange.BeginStream(200, content_type, {})) {
        stats.streams_cancelled.fetch_add(1);
        co_return;
    }
    if (!co_await Sleep(exchange, timer, std::chrono::milliseconds(plan.ttft_ms)) ||
        !co_await exchange.Write(format.StreamStart(plan, created))) {
        stats.streams_cancelled.fetch_add(1);
        co_return;
    }
    if (plan.tool_call && !co_await exchange.Write(format.StreamToolCall(plan, created))) {
        stats.streams_cancelled.fetch_add(1);
        co_return;
    }
    for (std::size_t i = 0; i < plan.tokens.size(); ++i) {
        if (i == plan.fault_after && plan.fault != Fault::kNone && plan.fault != Fault::kWrongContentType) {
            stats.faults.fetch_add(1);
            switch (plan.fault) {
                case Fault::kResetMidStream:
                    exchange.ResetConnection();
                    co_return;
                case Fault::kStallMidStream:
                    co_await Sleep(exchange, timer, std::chrono::minutes(10));
                    exchange.ResetConnection();
                    co_return;
                case Fault::kMalformedSse:
                    co_await exchange.Write(format.StreamMalformed());
                    co_await exchange.EndStream();
                    co_return;
                case Fault::kErrorInStream:
                    co_await exchange.Write(format.StreamErrorEvent(plan));
                    co_await exchange.EndStream();
                    co_return;
                case Fault::kTruncated:
                    co_await exchange.EndStream();
                    co_return;
                default:
                    break;
            }
        }
        if ((i > 0 && !co_await Sleep(exchange, timer, interval)) ||
            !co_await exchange.Write(format.StreamToken(plan, created, plan.tokens[i]))) {
            stats.streams_cancelled.fetch_add(1);
            co_return;
        }
        stats.tokens_sent.fetch_add(1);
    }
    if (!co_await exchange.Write(format.StreamFinish(plan, created)) || !co_await exchange.EndStream()) {
        stats.streams_cancelled.fetch_add(1);
        co_return;
    }
    stats.streams_completed.fetch_add(1);
}

net::Task<void> Handle(net::Exchange& exchange, std::shared_ptr<const Shared> shared) {
    const std::string_view path = exchange.Path();
    const std::string_view method = exchange.Method();
    Stats& stats = *shared->stats;
    if (shared->format->Serves(method, path)) {
        co_await Chat(exchange, *shared);
    } else if (method == "GET" && path == "/mock/stats") {
        co_await exchange.Respond(200, "application/json", stats.ToJson());
    } else if (method == "POST" && path == "/mock/reset") {
        stats.Reset();
        co_await exchange.Respond(200, "application/json", "{}");
    } else if (method == "GET" && path == "/healthz") {
        co_await exchange.Respond(200, "application/json", "{\"status\":\"ok\"}");
    } else {
        co_await exchange.Respond(404, "application/json", shared->format->ErrorBody(404, "Unknown mock endpoint"));
    }
}

}  // namespace

std::string Stats::ToJson() const {
    std::string out;
    core::JsonWriter w(out);
    w.BeginObject();
    w.Key("requests").Uint(requests.load());
    w.Key("streams_started").Uint(streams_started.load());
    w.Key("streams_completed").Uint(streams_completed.load());
    w.Key("streams_cancelled").Uint(streams_cancelled.load());
    w.Key("completions").Uint(completions.load());
    w.Key("tokens_sent").Uint(tokens_sent.load());
    w.Key("faults").Uint(faults.load());
    w.Key("in_flight").Int(in_flight.load());
    w.Key("max_in_flight").Int(max_in_flight.load());
    w.Key("authorized").Uint(authorized.load());
    w.EndObject();
    return out;
}

void Stats::Reset() {
    requests = 0;
    streams_started = 0;
    streams_completed = 0;
    streams_cancelled = 0;
    completions = 0;
    tokens_sent = 0;
    faults = 0;
    max_in_flight = in_flight.load();
    authorized = 0;
}

net::Handler MakeMockHandler(MockOptions options, std::shared_ptr<Stats> stats) {
    auto shared = std::make_shared<Shared>();
    shared->format = MakeFormat(options.format);
    if (!shared->format) {
        return {};
    }
    shared->options = std::move(options);
    shared->stats = std::move(stats);
    std::shared_ptr<const Shared> frozen = std::move(shared);
    return [frozen](net::Exchange& exchange) { return Handle(exchange, frozen); };
}

}  // namespace switchyard::mock
