#include "api/upstream.hpp"

#include "net/worker.hpp"

namespace switchyard::api {

namespace {
constexpr std::size_t kMaxUpstreamErrorBody = 64 * 1024;
}

providers::Target MakeTarget(const Context& context, const routing::Attempt& attempt) {
    providers::Target target;
    target.upstream_model = attempt.endpoint->upstream_model;
    target.provider = &attempt.endpoint->provider->config;
    target.dropped_parameters = &attempt.dropped_parameters;
    target.now = context.clock.SystemNow();
    target.max_completion_tokens = attempt.endpoint->max_completion_tokens;
    return target;
}

net::Task<core::Result<std::unique_ptr<net::UpstreamResponse>>> SendUpstream(
    Call& call, const routing::Endpoint& endpoint, const providers::Adapter& adapter, providers::HttpRequest request,
    net::CancelSignal& cancel, std::chrono::steady_clock::time_point deadline) {
    const routing::Provider& provider = *endpoint.provider;
    const ProviderRuntime& runtime = call.snapshot->providers.at(provider.id());

    net::ClientRequest upstream;
    upstream.url = &runtime.url;
    upstream.tls = runtime.tls.get();
    upstream.method = std::move(request.method);
    upstream.path = std::move(request.path);
    upstream.body = std::move(request.body);
    for (providers::Header& header : request.headers) {
        upstream.headers.emplace_back(std::move(header.name), std::move(header.value));
    }
    for (const auto& [name, value] : provider.config.headers) {
        upstream.headers.emplace_back(name, value);
    }
    upstream.timeouts = runtime.timeouts;
    upstream.overall_deadline = deadline;
    upstream.max_idle_connections = runtime.max_idle_connections;
    upstream.cancel = &cancel;

    net::UpstreamClient& client = *call.context.clients[static_cast<std::size_t>(net::Worker::Current()->index())];
    auto sent = co_await client.Send(upstream);
    if (!sent) {
        co_return sent.error();
    }
    net::UpstreamResponse& response = **sent;
    const int status = response.Status();
    if (status < 200 || status >= 300) {
        auto body = co_await response.ReadAll(kMaxUpstreamErrorBody);
        co_return adapter.ParseError(status, body ? std::string_view(*body) : std::string_view{},
                                     response.RetryAfterSeconds(), provider.name());
    }
    co_return std::move(*sent);
}

void Redact(std::string& text, std::string_view secret) {
    if (secret.size() < 8) {
        return;
    }
    for (std::size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
        text.replace(pos, secret.size(), "[REDACTED]");
    }
}

void PrepareUpstreamError(core::Error& error, const routing::Endpoint& endpoint) {
    if (error.provider_name.empty() && core::Info(error.code).name.rfind("upstream", 0) == 0) {
        error.provider_name = endpoint.provider->name();
    }
    // A provider may echo the key it was sent; it must never reach the client or the logs.
    Redact(error.message, endpoint.provider->config.api_key);
    Redact(error.raw, endpoint.provider->config.api_key);
}

}  // namespace switchyard::api
