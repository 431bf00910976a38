#pragma once
// The HTTP API's route table: method + path → route. Pure, so it is unit-tested and fuzzed
// without a server. `/api/v1/...` is canonical; `/v1/...` is an alias.

#include <optional>
#include <string>
#include <string_view>

namespace switchyard::http {

enum class Route {
    kNotFound,
    kHealthz,
    kReadyz,
    kMetrics,
    kChatCompletions,
    kMessages,     // Anthropic Messages ingress
    kResponses,    // OpenAI Responses ingress
    kCompletions,  // legacy text completions
    kEmbeddings,
    kModels,
    kModelEndpoints,  // /models/{author}/{slug}/endpoints
    kModel,           // /model/{author}/{slug}
    kProviders,
};

struct RouteMatch {
    Route route = Route::kNotFound;
    bool method_allowed = true;  // false: the path exists, not with this method (405)
    std::string_view allowed;    // the Allow header value for 405 and CORS preflight
    std::string model_id;        // for kModelEndpoints and kModel: "author/slug"
};

RouteMatch MatchRoute(std::string_view method, std::string_view path);

/// The stable label of a route for metrics and logs ("chat_completions").
std::string_view RouteName(Route route);

/// Decodes one query parameter's value (percent- and '+'-decoding); nullopt when absent.
std::optional<std::string> QueryParam(std::string_view query, std::string_view name);

}  // namespace switchyard::http
