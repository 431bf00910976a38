#include "mock/server.hpp"

#include <chrono>

#include "auth/auth.hpp"
#include "core/json_writer.hpp"
#include "core/strings.hpp"
#include "ingress/openai_chat.hpp"
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

net::Task<void> Chat(net::Exchange& exchange, const MockOptions& options, Stats& stats) {
    stats.requests.fetch_add(1);
    InFlight in_flight(stats);
    if (!exchange.Header("authorization").empty()) {
        stats.authorized.fetch_add(1);
    }
    if (!options.required_key.empty()) {
        auto token = auth::BearerToken(exchange.Header("authorization"));
        if (!token || *token != options.required_key) {
            co_await exchange.Respond(401, "application/json", ErrorBody(401, "Incorrect API key provided"));
            co_return;
        }
    }
    auto request = ingress::ParseChatRequest(exchange.Body());
    if (!request) {
        co_await exchange.Respond(400, "application/json", ErrorBody(400, request.error().message));
        co_return;
    }
    const Plan plan = MakePlan(request->model, *request, options.defaults);
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
                                      ErrorBody(plan.status, "Mock failure " + std::to_string(plan.status)), headers);
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
    if (!request->stream) {
        const auto total = std::chrono::milliseconds(plan.ttft_ms) +
                           interval * static_cast<std::int64_t>(std::max<std::size_t>(plan.tokens.size(), 1) - 1);
        if (!co_await Sleep(exchange, timer, total)) {
            co_return;
        }
        if (plan.fault == Fault::kMalformedJson) {
            stats.faults.fetch_add(1);
            co_await exchange.Respond(200, "application/json", "{\"id\":\"chatcmpl-mock\",\"choices\":[{\"mess");
            co_return;
        }
        const std::string body = CompletionJson(plan, created);
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
    const bool include_usage = plan.usage;
    const std::string_view content_type =
        plan.fault == Fault::kWrongContentType ? "text/html; charset=utf-8" : "text/event-stream";
    if (!co_await exchange.BeginStream(200, content_type, {})) {
        stats.streams_cancelled.fetch_add(1);
        co_return;
    }
    if (!co_await Sleep(exchange, timer, std::chrono::milliseconds(plan.ttft_ms)) ||
        !co_await exchange.Write(RoleChunk(plan, created))) {
        stats.streams_cancelled.fetch_add(1);
        co_return;
    }
    if (plan.tool_call) {
        if (!co_await exchange.Write(ToolCallChunks(plan, created))) {
            stats.streams_cancelled.fetch_add(1);
            co_return;
        }
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
                    co_await exchange.Write("data: {\"id\":\"chatcmpl-mock\",\"choices\":[{\"delta\":{\"content\n\n");
                    co_await exchange.EndStream();
                    co_return;
                case Fault::kErrorInStream:
                    co_await exchange.Write(
                        "data: {\"error\":{\"message\":\"Mock upstream failure mid-stream\",\"type\":\"server_error\","
                        "\"code\":500}}\n\n");
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
            !co_await exchange.Write(TokenChunk(plan, created, plan.tokens[i]))) {
            stats.streams_cancelled.fetch_add(1);
            co_return;
        }
        stats.tokens_sent.fetch_add(1);
    }
    std::string tail = FinishChunk(plan, created);
    if (include_usage) {
        tail += UsageChunk(plan, created);
    }
    tail += "data: [DONE]\n\n";
    if (!co_await exchange.Write(tail) || !co_await exchange.EndStream()) {
        stats.streams_cancelled.fetch_add(1);
        co_return;
    }
    stats.streams_completed.fetch_add(1);
}

net::Task<void> Handle(net::Exchange& exchange, const MockOptions& options, std::shared_ptr<Stats> stats) {
    const std::string_view path = exchange.Path();
    const std::string_view method = exchange.Method();
    auto ends_with = [&](std::string_view suffix) {
        return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
    };
    if (method == "POST" && ends_with("/chat/completions")) {
        co_await Chat(exchange, options, *stats);
    } else if (method == "GET" && path == "/mock/stats") {
        co_await exchange.Respond(200, "application/json", stats->ToJson());
    } else if (method == "POST" && path == "/mock/reset") {
        stats->Reset();
        co_await exchange.Respond(200, "application/json", "{}");
    } else if (method == "GET" && (path == "/healthz" || ends_with("/models"))) {
        co_await exchange.Respond(200, "application/json",
                                  path == "/healthz" ? "{\"status\":\"ok\"}"
                                                     : "{\"object\":\"list\",\"data\":[{\"id\":\"mock\",\"object\":\"model\"}]}");
    } else {
        co_await exchange.Respond(404, "application/json", ErrorBody(404, "Unknown mock endpoint"));
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
    auto shared_options = std::make_shared<const MockOptions>(std::move(options));
    return [shared_options, stats](net::Exchange& exchange) { return Handle(exchange, *shared_options, stats); };
}

}  // namespace switchyard::mock
