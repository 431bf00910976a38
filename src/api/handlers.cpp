#include "api/handlers.hpp"

#include <chrono>

#include "api/call.hpp"
#include "api/catalog_json.hpp"
#include "core/random.hpp"
#include "http/cors.hpp"
#include "http/routes.hpp"
#include "ingress/openai_chat.hpp"

namespace switchyard::api {
namespace {

using Clock = std::chrono::steady_clock;

std::string NewRequestId() {
    std::string id = "req-";
    core::AppendBase62(id, core::ThreadRandom(), 20);
    return id;
}

void Finish(Call& call) {
    const auto now = Clock::now();
    call.record.latency_s = std::chrono::duration<double>(now - call.exchange.received_at()).count();
    call.record.status = call.exchange.Status();
    call.record.bytes_out = call.exchange.BytesWritten();
    call.context.metrics.Record(call.record);
    call.context.metrics.AddBytesRelayed(call.record.bytes_out);
    call.context.access_log.Write(call.record);
}

net::Task<void> Dispatch(Context& context, net::Exchange& exchange, bool admin_listener) {
    Call call{context, exchange, context.Current(), {}, {}, std::nullopt};
    const std::string_view incoming_id = exchange.Header("x-request-id");
    call.record.request_id = http::IsAcceptableRequestId(incoming_id) ? std::string(incoming_id) : NewRequestId();
    call.record.method = exchange.Method();
    call.record.path = std::string(exchange.Path());
    call.record.client_address =
        http::ClientAddress(exchange.PeerAddress(), exchange.Header("x-forwarded-for"), context.server.trusted_proxies);
    call.headers.emplace_back("X-Request-Id", call.record.request_id);

    const http::RouteMatch match = http::MatchRoute(exchange.Method(), exchange.Path());
    call.record.route = http::RouteName(match.route);

    const std::string origin = http::AllowedOrigin(context.server.cors_origins, exchange.Header("origin"));
    if (!origin.empty()) {
        call.headers.emplace_back("Access-Control-Allow-Origin", origin);
        call.headers.emplace_back("Access-Control-Expose-Headers", std::string(http::kCorsExposeHeaders));
        if (origin != "*") {
            call.headers.emplace_back("Vary", "Origin");
        }
        if (exchange.Method() == "OPTIONS" && !exchange.Header("access-control-request-method").empty()) {
            call.headers.emplace_back("Access-Control-Allow-Methods",
                                      match.route == http::Route::kNotFound ? "GET, POST" : std::string(match.allowed));
            call.headers.emplace_back("Access-Control-Allow-Headers", std::string(http::kCorsAllowHeaders));
            call.headers.emplace_back("Access-Control-Max-Age", "600");
            auto fields = call.HeaderFields();
            co_await exchange.Respond(204, "", "", fields);
            Finish(call);
            co_return;
        }
    }

    if (match.route == http::Route::kNotFound) {
        co_await call.RespondError(core::MakeError(core::Errc::kRouteNotFound,
                                                   "No such endpoint: " + std::string(exchange.Path())));
        Finish(call);
        co_return;
    }
    if (!match.method_allowed) {
        call.headers.emplace_back("Allow", std::string(match.allowed));
        co_await call.RespondError(core::MakeError(core::Errc::kMethodNotAllowed,
                                                   std::string(exchange.Method()) + " is not allowed here; use " +
                                                       std::string(match.allowed)));
        Finish(call);
        co_return;
    }

    switch (match.route) {
        case http::Route::kHealthz:
            co_await call.RespondJson(200, R"({"status":"ok"})");
            break;
        case http::Route::kReadyz:
            if (context.ready.load() && !context.shutting_down.load()) {
                co_await call.RespondJson(200, R"({"status":"ready"})");
            } else {
                co_await call.RespondError(core::MakeError(core::Errc::kShuttingDown, "Not ready"));
            }
            break;
        case http::Route::kMetrics: {
            if (!admin_listener) {
                if (auto error = Authenticate(call)) {
                    co_await call.RespondError(*error);
                    break;
                }
                if (!call.principal->IsAdmin()) {
                    co_await call.RespondError(core::MakeError(core::Errc::kForbidden, "/metrics needs the admin key"));
                    break;
                }
            }
            const std::string body = context.metrics.RenderPrometheus();
            auto fields = call.HeaderFields();
            co_await exchange.Respond(200, "text/plain; version=0.0.4; charset=utf-8", body, fields);
            break;
        }
        case http::Route::kModels: {
            auto query = ParseModelsQuery(exchange.Query());
            if (!query) {
                co_await call.RespondError(query.error());
                break;
            }
            const std::string_view base = exchange.Path().rfind("/api/v1", 0) == 0 ? "/api/v1" : "/v1";
            co_await call.RespondJson(200, RenderModels(*call.snapshot->catalog, *query, base));
            break;
        }
        case http::Route::kProviders:
            co_await call.RespondJson(200, RenderProviders(*call.snapshot->catalog));
            break;
        case http::Route::kModel: {
            const std::string_view base = exchange.Path().rfind("/api/v1", 0) == 0 ? "/api/v1" : "/v1";
            auto body = RenderModel(*call.snapshot->catalog, match.model_id, base);
            if (!body) {
                co_await call.RespondError(
                    core::MakeError(core::Errc::kUnknownModel, match.model_id + " is not a valid model ID"));
            } else {
                co_await call.RespondJson(200, *body);
            }
            break;
        }
        case http::Route::kModelEndpoints: {
            auto body = RenderModelEndpoints(*call.snapshot->catalog, match.model_id);
            if (!body) {
                co_await call.RespondError(
                    core::MakeError(core::Errc::kUnknownModel, match.model_id + " is not a valid model ID"));
            } else {
                co_await call.RespondJson(200, *body);
            }
            break;
        }
        case http::Route::kChatCompletions:
            if (admin_listener) {
                co_await call.RespondError(core::MakeError(core::Errc::kRouteNotFound, "Not served on this listener"));
                break;
            }
            co_await HandleChatCompletions(call);
            break;
        case http::Route::kMessages:
        case http::Route::kResponses:
        case http::Route::kCompletions:
        case http::Route::kEmbeddings:
            if (admin_listener) {
                co_await call.RespondError(core::MakeError(core::Errc::kRouteNotFound, "Not served on this listener"));
                break;
            }
            if (match.route == http::Route::kMessages) {
                co_await HandleMessages(call);
            } else if (match.route == http::Route::kResponses) {
                co_await HandleResponses(call);
            } else if (match.route == http::Route::kCompletions) {
                co_await HandleCompletions(call);
            } else {
                co_await HandleEmbeddings(call);
            }
            break;
        case http::Route::kNotFound:
            break;
    }
    Finish(call);
}

}  // namespace

std::vector<net::HeaderField> Call::HeaderFields() const {
    std::vector<net::HeaderField> fields;
    fields.reserve(headers.size());
    for (const auto& [name, value] : headers) {
        fields.push_back({name, value});
    }
    return fields;
}

net::Task<void> Call::RespondJson(int status, std::string_view body) {
    auto fields = HeaderFields();
    co_await exchange.Respond(status, "application/json", body, fields);
}

net::Task<void> Call::RespondError(const core::Error& error) {
    std::string body;
    ingress::EncodeErrorBody(body, error);
    if (error.retry_after_s) {
        headers.emplace_back("Retry-After", std::to_string(*error.retry_after_s));
    }
    record.error_kind = std::string(core::Info(error.code).name);
    co_await RespondJson(error.HttpStatus(), body);
}

std::optional<core::Error> Authenticate(Call& call, bool allow_x_api_key) {
    const std::string_view header = call.exchange.Header("authorization");
    std::optional<std::string_view> token;
    if (header.empty()) {
        const std::string_view api_key = allow_x_api_key ? call.exchange.Header("x-api-key") : std::string_view{};
        if (api_key.empty()) {
            return core::MakeError(core::Errc::kMissingKey, "Missing API key: send Authorization: Bearer <key>");
        }
        token = api_key;
    } else {
        token = auth::BearerToken(header);
        if (!token) {
            return core::MakeError(core::Errc::kInvalidKey, "Malformed Authorization header: expected Bearer <key>");
        }
    }
    auto principal = call.context.verifier->Verify(*token);
    if (!principal) {
        return principal.error();
    }
    call.record.key_hash_prefix = principal->key_hash_prefix;
    call.principal = std::move(*principal);
    return std::nullopt;
}

net::Handler MakeApiHandler(Context& context) {
    return [&context](net::Exchange& exchange) { return Dispatch(context, exchange, false); };
}

net::Handler MakeAdminHandler(Context& context) {
    return [&context](net::Exchange& exchange) { return Dispatch(context, exchange, true); };
}

}  // namespace switchyard::api
