// POST /chat/completions: parse, route, then try endpoints in order until one answers; relay
// its answer (whole, or streamed chunk by chunk with backpressure) with usage and cost added.
// See docs/life_of_a_request.md and docs/streaming.md.

#include <chrono>

#include <spdlog/spdlog.h>

#include "api/call.hpp"
#include "api/upstream.hpp"
#include "billing/pricing.hpp"
#include "core/random.hpp"
#include "core/strings.hpp"
#include "ingress/egress.hpp"
#include "ingress/openai_chat.hpp"
#include "net/worker.hpp"
#include "routing/router.hpp"
#include "sse/parser.hpp"
#include "tokenizer/tokenizer.hpp"

namespace switchyard::api {
namespace {

using Clock = std::chrono::steady_clock;
using core::Errc;

constexpr std::size_t kMaxUpstreamBody = 64 * 1024 * 1024;
constexpr std::size_t kMaxStreamErrorBody = 64 * 1024;
/// Output text kept for estimating completion tokens when a provider reports no usage.
constexpr std::size_t kMaxEstimateText = 4 * 1024 * 1024;

}  // namespace

net::Task<void> RespondError(Call& call, ingress::Egress& egress, const core::Error& error);

namespace {

enum class Outcome {
    kDone,    // the client has its answer (or is gone)
    kRetry,   // this endpoint failed before any output: try the next one
    kFailed,  // failed in a way another endpoint would not fix
};

class ChatCall {
public:
    ChatCall(Call& call, std::unique_ptr<ingress::Egress> egress, canonical::ChatRequest request, routing::Plan plan)
        : call_(call), egress_(std::move(egress)), request_(std::move(request)), plan_(std::move(plan)) {}
    ~ChatCall() { call_.exchange.UnwatchClient(); }
    ChatCall(const ChatCall&) = delete;
    ChatCall& operator=(const ChatCall&) = delete;

    net::Task<void> Run();

private:
    net::Task<Outcome> TryEndpoint(const routing::Attempt& attempt);
    net::Task<Outcome> Complete(net::UpstreamResponse& response, const providers::Adapter& adapter,
                                const routing::Endpoint& endpoint);
    net::Task<Outcome> Relay(net::UpstreamResponse& response, const providers::Adapter& adapter,
                             const routing::Endpoint& endpoint);
    net::Task<void> FailStarted(const core::Error& error, const canonical::Usage& usage, const billing::Cost& cost);

    Outcome Failure(core::Error error, const routing::Endpoint& endpoint);
    canonical::Usage FinalUsage(const std::optional<canonical::Usage>& reported) const;
    void KeepText(std::string_view text);
    void KeepChunkText(const canonical::StreamChunk& chunk);
    std::vector<std::pair<std::string, std::string>> StreamHeaders() const;
    void Account(const canonical::Usage& usage, const billing::Cost& cost);

    Call& call_;
    std::unique_ptr<ingress::Egress> egress_;
    canonical::ChatRequest request_;
    routing::Plan plan_;
    std::string generation_id_;
    ingress::ResponseMeta meta_;
    Clock::time_point overall_deadline_{};
    std::optional<core::Error> last_error_;
    net::CancelSignal cancel_;
    bool client_gone_ = false;
    std::string output_text_;
};

std::vector<std::pair<std::string, std::string>> ChatCall::StreamHeaders() const {
    auto headers = call_.headers;
    headers.emplace_back("Cache-Control", "no-cache");
    headers.emplace_back("X-Accel-Buffering", "no");
    return headers;
}

void ChatCall::KeepText(std::string_view text) {
    const std::size_t room = kMaxEstimateText - std::min(kMaxEstimateText, output_text_.size());
    output_text_.append(text.substr(0, room));
}

void ChatCall::KeepChunkText(const canonical::StreamChunk& chunk) {
    for (const canonical::ChoiceDelta& delta : chunk.choices) {
        KeepText(delta.content);
        KeepText(delta.reasoning);
        KeepText(delta.refusal);
        for (const canonical::ToolCallDelta& call : delta.tool_calls) {
            KeepText(call.name);
            KeepText(call.arguments);
        }
    }
}

canonical::Usage ChatCall::FinalUsage(const std::optional<canonical::Usage>& reported) const {
    if (reported) {
        return *reported;
    }
    // The provider reported nothing (a stream cut short, a host without usage): count with a
    // real BPE tokenizer and say so.
    const tokenizer::Encoding encoding = tokenizer::EncodingForModel(plan_.model->id);
    canonical::Usage usage;
    usage.prompt_tokens = tokenizer::CountPromptTokens(request_, encoding);
    usage.completion_tokens = tokenizer::CountTokens(output_text_, encoding);
    usage.estimated = true;
    return usage;
}

void ChatCall::Account(const canonical::Usage& usage, const billing::Cost& cost) {
    call_.record.prompt_tokens = usage.prompt_tokens;
    call_.record.completion_tokens = usage.completion_tokens;
    call_.record.tokens_estimated = usage.estimated;
    call_.record.cost = cost.total;
}

Outcome ChatCall::Failure(core::Error error, const routing::Endpoint& endpoint) {
    PrepareUpstreamError(error, endpoint);
    call_.context.metrics.UpstreamError(endpoint.provider->id(), core::Info(error.code).name);
    spdlog::warn("request {}: provider {} failed: {} ({})", call_.record.request_id, endpoint.provider->id(),
                 core::Info(error.code).name, error.internal.empty() ? error.message : error.internal);
    const bool retry = error.RetryElsewhere();
    last_error_ = std::move(error);
    return retry ? Outcome::kRetry : Outcome::kFailed;
}

net::Task<void> ChatCall::Run() {
    Context& context = call_.context;
    net::Exchange& exchange = call_.exchange;
    overall_deadline_ = exchange.received_at() + context.server.request_timeout;

    generation_id_ = "gen-" + std::to_string(core::UnixSeconds(context.clock.SystemNow())) + "-";
    core::AppendBase62(generation_id_, core::ThreadRandom(), 20);
    call_.headers.emplace_back("X-Generation-Id", generation_id_);
    call_.record.generation_id = generation_id_;
    call_.record.model = plan_.model->id;
    call_.record.streamed = request_.stream;
    meta_.generation_id = generation_id_;
    meta_.model = plan_.model->id;
    meta_.created = core::UnixSeconds(context.clock.SystemNow());

    exchange.WatchClient([this] {
        client_gone_ = true;
        cancel_.Cancel();
    });
    if (request_.stream) {
        exchange.StartKeepalive(context.server.stream_keepalive, "switchyard processing", StreamHeaders());
    }

    for (const routing::Attempt& attempt : plan_.attempts) {
        if (client_gone_) {
            break;
        }
        if (Clock::now() >= overall_deadline_) {
            break;
        }
        ++call_.record.attempts;
        const Outcome outcome = co_await TryEndpoint(attempt);
        if (outcome == Outcome::kDone) {
            co_return;
        }
        if (outcome == Outcome::kFailed) {
            break;
        }
    }

    if (client_gone_) {
        call_.record.cancelled = true;
        exchange.CloseAfterResponse();
    }
    core::Error error = last_error_.value_or(
        core::MakeError(Errc::kNoProviderAvailable, "No provider is available for " + plan_.model->id));
    if (Clock::now() >= overall_deadline_) {
        error = core::MakeError(Errc::kRequestTimeout, "The request did not complete within its deadline");
    }
    co_await exchange.StopKeepalive();
    if (exchange.HeadSent()) {
        co_await FailStarted(error, canonical::Usage{}, billing::Cost{});
    } else {
        co_await RespondError(call_, *egress_, error);
    }
}

net::Task<void> ChatCall::FailStarted(const core::Error& error, const canonical::Usage& usage,
                                      const billing::Cost& cost) {
    call_.record.error_kind = std::string(core::Info(error.code).name);
    std::string out;
    egress_->StreamError(out, error, usage, cost, meta_);
    if (co_await call_.exchange.Write(out)) {
        co_await call_.exchange.EndStream();
    }
}

net::Task<Outcome> ChatCall::TryEndpoint(const routing::Attempt& attempt) {
    Context& context = call_.context;
    const routing::Endpoint& endpoint = *attempt.endpoint;
    const routing::Provider& provider = *endpoint.provider;
    const providers::Adapter* adapter = context.registry.Find(provider.config.adapter);
    if (adapter == nullptr) {
        last_error_ = core::MakeError(Errc::kInternal, "Internal error",
                                      "no adapter \"" + provider.config.adapter + "\" is built in");
        co_return Outcome::kRetry;
    }
    call_.record.provider = provider.name();
    meta_.provider_name = provider.name();
    meta_.model = attempt.model->id;
    call_.record.model = attempt.model->id;

    auto built = adapter->BuildChat(request_, MakeTarget(context, attempt));
    if (!built) {
        co_return Failure(built.error(), endpoint);
    }
    auto sent = co_await SendUpstream(call_, endpoint, *adapter, std::move(*built), cancel_, overall_deadline_);
    if (client_gone_) {
        co_return Outcome::kDone;
    }
    if (!sent) {
        co_return Failure(sent.error(), endpoint);
    }
    net::UpstreamResponse& response = **sent;
    if (!request_.stream) {
        co_return co_await Complete(response, *adapter, endpoint);
    }
    const std::string_view content_type = response.Header("content-type");
    if (core::ToLower(content_type).find(adapter->StreamContentType()) == std::string::npos) {
        auto body = co_await response.ReadAll(kMaxStreamErrorBody);
        co_return Failure(core::MakeError(Errc::kUpstreamWrongContentType,
                                          "The provider answered a streaming request without an event stream",
                                          "upstream content-type: " + std::string(content_type)),
                          endpoint);
    }
    co_return co_await Relay(response, *adapter, endpoint);
}

net::Task<Outcome> ChatCall::Complete(net::UpstreamResponse& response, const providers::Adapter& adapter,
                                      const routing::Endpoint& endpoint) {
    auto body = co_await response.ReadAll(kMaxUpstreamBody);
    if (client_gone_) {
        call_.record.cancelled = true;
        co_return Outcome::kDone;
    }
    if (!body) {
        co_return Failure(body.error(), endpoint);
    }
    auto parsed = adapter.ParseChat(*body);
    if (!parsed) {
        co_return Failure(parsed.error(), endpoint);
    }
    call_.record.ttft_s = std::chrono::duration<double>(response.head_at() - call_.exchange.received_at()).count();
    for (const canonical::Choice& choice : parsed->choices) {
        KeepText(choice.message.Text());
        KeepText(choice.message.reasoning);
        for (const canonical::ToolCall& tool_call : choice.message.tool_calls) {
            KeepText(tool_call.name);
            KeepText(tool_call.arguments);
        }
    }
    const canonical::Usage usage = FinalUsage(parsed->usage);
    const billing::Cost cost = billing::ComputeCost(usage, endpoint.prices);
    Account(usage, cost);
    std::string out;
    out.reserve(body->size() + 512);
    egress_->Response(out, *parsed, usage, cost, meta_);
    co_await call_.RespondJson(200, out);
    co_return Outcome::kDone;
}

net::Task<Outcome> ChatCall::Relay(net::UpstreamResponse& response, const providers::Adapter& adapter,
                                   const routing::Endpoint& endpoint) {
    Context& context = call_.context;
    net::Exchange& exchange = call_.exchange;
    auto translator = adapter.NewStreamTranslator();
    auto framer = adapter.NewFramer();
    std::vector<canonical::StreamChunk> chunks;
    std::optional<canonical::Usage> usage;
    std::optional<core::Error> error;
    std::string out;
    bool content_started = false;
    bool upstream_done = false;

    context.metrics.active_streams().fetch_add(1, std::memory_order_relaxed);
    struct StreamGauge {
        std::atomic<std::int64_t>& gauge;
        ~StreamGauge() { gauge.fetch_sub(1, std::memory_order_relaxed); }
    } gauge{context.metrics.active_streams()};

    auto drain = [&] {
        out.clear();
        for (canonical::StreamChunk& chunk : chunks) {
            if (chunk.usage) {
                usage = chunk.usage;
            }
            KeepChunkText(chunk);
            egress_->StreamChunk(out, chunk, meta_);
        }
        chunks.clear();
    };

    // Read one upstream piece, translate it, write it, and only then read again: a slow client
    // slows the upstream read, and memory per stream stays bounded.
    while (true) {
        auto piece = co_await response.ReadSome();
        if (client_gone_) {
            break;
        }
        if (!piece) {
            error = piece.error();
            break;
        }
        if (piece->empty()) {
            upstream_done = true;
            break;
        }
        const sse::FeedStatus fed = framer->Feed(*piece, [&](const sse::Event& event) {
            if (!error) {
                if (auto status = translator->OnEvent(event, chunks); !status) {
                    error = status.error();
                }
            }
        });
        if (fed == sse::FeedStatus::kEventTooLarge && !error) {
            error = core::MakeError(Errc::kUpstreamMalformed, "The provider sent an oversized stream event");
        }
        drain();
        if (!out.empty()) {
            if (!content_started) {
                content_started = true;
                call_.record.ttft_s = std::chrono::duration<double>(Clock::now() - exchange.received_at()).count();
                auto headers = StreamHeaders();
                std::vector<net::HeaderField> fields;
                for (const auto& [name, value] : headers) {
                    fields.push_back({name, value});
                }
                co_await exchange.BeginStream(200, "text/event-stream", fields);
            }
            if (!co_await exchange.Write(out)) {
                client_gone_ = true;
                cancel_.Cancel();
                break;
            }
        }
        if (error) {
            break;
        }
    }
    if (upstream_done && !error && !client_gone_) {
        if (auto status = translator->OnEnd(chunks); !status) {
            error = status.error();
        }
        drain();
        if (!out.empty()) {
            content_started = true;
            if (!co_await exchange.Write(out)) {
                client_gone_ = true;
            }
        }
    }

    if (client_gone_) {
        // The client left: the upstream is closed. What the provider generated until then is
        // the usage of this request (estimated when the provider never got to report it).
        call_.record.cancelled = true;
        const canonical::Usage final_usage = FinalUsage(usage);
        Account(final_usage, billing::ComputeCost(final_usage, endpoint.prices));
        exchange.CloseAfterResponse();
        co_return Outcome::kDone;
    }
    if (error) {
        if (error->provider_name.empty()) {
            error->provider_name = endpoint.provider->name();
        }
        if (!content_started) {
            // Nothing reached the client yet: another endpoint may still answer.
            co_return Failure(std::move(*error), endpoint);
        }
        PrepareUpstreamError(*error, endpoint);
        context.metrics.UpstreamError(endpoint.provider->id(), core::Info(error->code).name);
        const canonical::Usage final_usage = FinalUsage(usage);
        const billing::Cost cost = billing::ComputeCost(final_usage, endpoint.prices);
        Account(final_usage, cost);
        co_await FailStarted(*error, final_usage, cost);
        co_return Outcome::kDone;
    }

    const canonical::Usage final_usage = FinalUsage(usage);
    const billing::Cost cost = billing::ComputeCost(final_usage, endpoint.prices);
    Account(final_usage, cost);
    out.clear();
    egress_->StreamEnd(out, final_usage, cost, meta_);
    if (!exchange.HeadSent()) {
        auto headers = StreamHeaders();
        std::vector<net::HeaderField> fields;
        for (const auto& [name, value] : headers) {
            fields.push_back({name, value});
        }
        co_await exchange.BeginStream(200, "text/event-stream", fields);
    }
    if (co_await exchange.Write(out)) {
        co_await exchange.EndStream();
    }
    co_return Outcome::kDone;
}

}  // namespace

net::Task<void> RespondError(Call& call, ingress::Egress& egress, const core::Error& error) {
    std::string body;
    egress.ErrorBody(body, error);
    if (error.retry_after_s) {
        call.headers.emplace_back("Retry-After", std::to_string(*error.retry_after_s));
    }
    call.record.error_kind = std::string(core::Info(error.code).name);
    co_await call.RespondJson(error.HttpStatus(), body);
}

net::Task<void> RunChat(Call& call, std::unique_ptr<ingress::Egress> egress,
                        core::Result<canonical::ChatRequest> request) {
    if (!request) {
        co_await RespondError(call, *egress, request.error());
        co_return;
    }
    if (request->session_id.empty()) {
        const std::string_view session = call.exchange.Header("x-session-id");
        request->session_id = std::string(session.substr(0, 256));
    }
    call.record.model = request->model;
    auto plan = routing::PlanRoute(*call.snapshot->catalog, routing::QueryFor(*request));
    if (!plan) {
        co_await RespondError(call, *egress, plan.error());
        co_return;
    }
    ChatCall chat(call, std::move(egress), std::move(*request), std::move(*plan));
    co_await chat.Run();
}

std::optional<core::Error> CheckJsonContentType(const Call& call) {
    const std::string_view content_type = call.exchange.Header("content-type");
    if (!content_type.empty() && core::ToLower(content_type).find("application/json") == std::string::npos) {
        return core::MakeError(Errc::kUnsupportedMediaType,
                               "Content-Type must be application/json, got " + std::string(content_type));
    }
    return std::nullopt;
}

net::Task<void> HandleChatCompletions(Call& call) {
    auto egress = ingress::MakeOpenAiChatEgress();
    std::optional<core::Error> error = Authenticate(call);
    if (!error) {
        error = CheckJsonContentType(call);
    }
    if (error) {
        co_await RespondError(call, *egress, *error);
        co_return;
    }
    co_await RunChat(call, std::move(egress), ingress::ParseChatRequest(call.exchange.Body()));
}

}  // namespace switchyard::api
