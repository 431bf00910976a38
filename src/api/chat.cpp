// POST /chat/completions: parse, route, then try endpoints in order until one answers; relay
// its answer (whole, or streamed chunk by chunk with backpressure) with usage and cost added.
// See docs/life_of_a_request.md and docs/streaming.md.

#include <chrono>

#include <spdlog/spdlog.h>

#include "api/accounts.hpp"
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
    /// Places the hold for the worst case over every candidate endpoint.
    core::Result<void> Admit();
    /// The generation record of this request as it ends.
    storage::GenerationRecord Record(const canonical::Usage& usage, const billing::Cost& cost,
                                     std::string_view error_code) const;

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
    Ticket ticket_;
    const routing::Attempt* serving_ = nullptr;  // the attempt in progress (or that answered)
    std::string upstream_id_;
    std::string finish_reason_;
    std::string native_finish_reason_;
    Clock::time_point first_token_at_{};
};

/// An upper bound of the prompt tokens `request` can cost at an endpoint with `context_length`:
/// byte-level BPE tokenizers never produce more tokens than bytes, plus a per-message overhead
/// and a per-image allowance, and no provider accepts more than its context.
std::int64_t PromptTokenBound(const canonical::ChatRequest& request, std::int64_t context_length) {
    constexpr std::int64_t kPerMessage = 16;
    constexpr std::int64_t kPerMedia = 6'000;  // above what OpenAI, Anthropic and Gemini charge per image
    std::int64_t bound = 16;
    for (const canonical::Message& message : request.messages) {
        bound += kPerMessage + static_cast<std::int64_t>(message.name.size() + message.reasoning.size());
        for (const canonical::ContentPart& part : message.content) {
            bound += part.kind == canonical::PartKind::kText ? static_cast<std::int64_t>(part.text.size()) : kPerMedia;
        }
        for (const canonical::ToolCall& call : message.tool_calls) {
            bound += static_cast<std::int64_t>(call.name.size() + call.arguments.size()) + kPerMessage;
        }
    }
    for (const canonical::Tool& tool : request.tools) {
        bound += static_cast<std::int64_t>(tool.name.size() + tool.description.size() + tool.parameters.size()) +
                 kPerMessage;
    }
    bound += static_cast<std::int64_t>(request.response_format.schema.size());
    return context_length > 0 ? std::min(bound, context_length) : bound;
}

std::int64_t ImageCount(const canonical::ChatRequest& request) {
    std::int64_t images = 0;
    for (const canonical::Message& message : request.messages) {
        for (const canonical::ContentPart& part : message.content) {
            images += part.kind == canonical::PartKind::kImage ? 1 : 0;
        }
    }
    return images;
}

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

core::Result<void> ChatCall::Admit() {
    Accounts& accounts = *call_.context.accounts;
    const std::int64_t default_completion = call_.snapshot->config->billing.default_max_completion_tokens;
    core::Picodollars worst = 0;
    bool all_free = true;
    for (const routing::Attempt& attempt : plan_.attempts) {
        const routing::Endpoint& endpoint = *attempt.endpoint;
        all_free = all_free && endpoint.prices.IsFree();
        std::int64_t completion = request_.sampling.max_tokens.value_or(
            endpoint.max_completion_tokens > 0 ? endpoint.max_completion_tokens : default_completion);
        if (endpoint.context_length > 0) {
            completion = std::min(completion, endpoint.context_length);
        }
        worst = std::max(worst, billing::WorstCaseCost(PromptTokenBound(request_, endpoint.context_length), completion,
                                                       ImageCount(request_), endpoint.prices));
    }
    auto ticket = accounts.Admit(*call_.principal, worst, all_free, generation_id_);
    if (!ticket) {
        return ticket.error();
    }
    ticket_ = std::move(*ticket);
    return {};
}

storage::GenerationRecord ChatCall::Record(const canonical::Usage& usage, const billing::Cost& cost,
                                           std::string_view error_code) const {
    const Clock::time_point now = Clock::now();
    const Clock::time_point received = call_.exchange.received_at();
    auto ms = [](Clock::duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
    storage::GenerationRecord g;
    g.id = generation_id_;
    g.request_id = call_.record.request_id;
    g.account = ticket_.account;
    g.key_hash = ticket_.key_hash;
    g.model = serving_ != nullptr ? serving_->model->id : plan_.model->id;
    if (serving_ != nullptr) {
        g.provider = serving_->endpoint->provider->name();
        g.provider_id = serving_->endpoint->provider->id();
    }
    g.upstream_id = upstream_id_;
    g.finish_reason = error_code.empty() ? finish_reason_ : "error";
    g.native_finish_reason = native_finish_reason_;
    g.native_tokens_prompt = usage.prompt_tokens;
    g.native_tokens_completion = usage.completion_tokens;
    g.native_tokens_reasoning = usage.reasoning_tokens;
    g.native_tokens_cached = usage.cached_tokens;
    g.native_tokens_cache_write = usage.cache_write_tokens;
    g.tokens_estimated = usage.estimated;
    // Normalised counts (as OpenRouter's rankings use): one tokenizer for every model.
    g.tokens_prompt = tokenizer::CountPromptTokens(request_, tokenizer::Encoding::kCl100kBase);
    g.tokens_completion = tokenizer::CountTokens(output_text_, tokenizer::Encoding::kCl100kBase);
    g.total_cost = cost.total;
    g.upstream_cost = cost.total;
    g.streamed = request_.stream;
    g.cancelled = client_gone_;
    g.latency_ms = ms(now - received);
    g.ttft_ms = first_token_at_ == Clock::time_point{} ? -1 : ms(first_token_at_ - received);
    g.generation_time_ms = first_token_at_ == Clock::time_point{} ? 0 : ms(now - first_token_at_);
    g.http_referer = std::string(call_.exchange.Header("http-referer").substr(0, 512));
    std::string_view title = call_.exchange.Header("x-openrouter-title");
    if (title.empty()) {
        title = call_.exchange.Header("x-title");
    }
    g.app_title = std::string(title.substr(0, 256));
    g.error_code = std::string(error_code);
    g.created_at = core::UnixSeconds(call_.context.clock.SystemNow());
    return g;
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
    if (auto admitted = Admit(); !admitted) {
        co_await RespondError(call_, *egress_, admitted.error());
        co_return;
    }

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
    // Failed before any output: nothing is charged; the attempt is on record.
    context.accounts->Release(ticket_, Record(canonical::Usage{}, billing::Cost{}, core::Info(error.code).name));
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
    serving_ = &attempt;
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
        // The client left before the answer existed: the upstream call was cancelled, nothing
        // was delivered, nothing is charged.
        call_.record.cancelled = true;
        call_.context.accounts->Release(ticket_, Record(canonical::Usage{}, billing::Cost{}, "cancelled"));
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
    upstream_id_ = parsed->upstream_id;
    if (!parsed->choices.empty()) {
        finish_reason_ = parsed->choices.front().finish_reason;
        native_finish_reason_ = parsed->choices.front().native_finish_reason;
    }
    first_token_at_ = response.head_at();
    // The charge is durable before the answer leaves.
    if (auto settled = co_await call_.context.accounts->Settle(ticket_, Record(usage, cost, "")); !settled) {
        spdlog::error("request {}: settlement failed: {}", call_.record.request_id, settled.error().internal);
        co_await RespondError(call_, *egress_,
                              core::MakeError(Errc::kInternal, "The charge could not be recorded; try again"));
        co_return Outcome::kDone;
    }
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
            if (upstream_id_.empty()) {
                upstream_id_ = chunk.upstream_id;
            }
            for (const canonical::ChoiceDelta& delta : chunk.choices) {
                if (!delta.finish_reason.empty()) {
                    finish_reason_ = delta.finish_reason;
                    native_finish_reason_ = delta.native_finish_reason;
                }
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
                first_token_at_ = Clock::now();
                call_.record.ttft_s = std::chrono::duration<double>(first_token_at_ - exchange.received_at()).count();
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
        // the usage of this request (estimated when the provider never got to report it), and
        // it is charged.
        call_.record.cancelled = true;
        const canonical::Usage final_usage = FinalUsage(usage);
        const billing::Cost cost = billing::ComputeCost(final_usage, endpoint.prices);
        Account(final_usage, cost);
        exchange.CloseAfterResponse();
        if (!content_started) {
            context.accounts->Release(ticket_, Record(canonical::Usage{}, billing::Cost{}, "cancelled"));
        } else if (auto settled = co_await context.accounts->Settle(ticket_, Record(final_usage, cost, ""));
                   !settled) {
            spdlog::error("request {}: settlement failed: {}", call_.record.request_id, settled.error().internal);
        }
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
        // Zero-completion insurance, as OpenRouter: an answer the provider broke off is not
        // billed. The client still sees the tokens it received.
        const canonical::Usage final_usage = FinalUsage(usage);
        Account(final_usage, billing::Cost{});
        context.accounts->Release(ticket_, Record(final_usage, billing::Cost{}, core::Info(error->code).name));
        co_await FailStarted(*error, final_usage, billing::Cost{});
        co_return Outcome::kDone;
    }

    const canonical::Usage final_usage = FinalUsage(usage);
    const billing::Cost cost = billing::ComputeCost(final_usage, endpoint.prices);
    Account(final_usage, cost);
    // The charge is durable before the last bytes (usage and [DONE]) go out.
    if (auto settled = co_await context.accounts->Settle(ticket_, Record(final_usage, cost, "")); !settled) {
        spdlog::error("request {}: settlement failed: {}", call_.record.request_id, settled.error().internal);
        if (!exchange.HeadSent()) {
            co_await RespondError(call_, *egress_,
                                  core::MakeError(Errc::kInternal, "The charge could not be recorded; try again"));
        } else {
            co_await FailStarted(core::MakeError(Errc::kInternal, "The charge could not be recorded"), final_usage,
                                 billing::Cost{});
        }
        co_return Outcome::kDone;
    }
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
