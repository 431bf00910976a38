#include "http/routes.hpp"

#include <optional>

namespace switchyard::http {
namespace {

std::string_view StripApiPrefix(std::string_view path, bool& ok) {
    ok = true;
    if (path.rfind("/api/v1/", 0) == 0) {
        return path.substr(7);
    }
    if (path.rfind("/v1/", 0) == 0) {
        return path.substr(3);
    }
    ok = false;
    return path;
}

RouteMatch Only(Route route, std::string_view method, std::string_view allowed) {
    RouteMatch match;
    match.route = route;
    match.allowed = allowed;
    const bool is_get_like = allowed == "GET, HEAD" && (method == "GET" || method == "HEAD");
    match.method_allowed = is_get_like || method == allowed;
    return match;
}

}  // namespace

RouteMatch MatchRoute(std::string_view method, std::string_view path) {
    if (path == "/healthz") {
        return Only(Route::kHealthz, method, "GET, HEAD");
    }
    if (path == "/readyz") {
        return Only(Route::kReadyz, method, "GET, HEAD");
    }
    if (path == "/metrics") {
        return Only(Route::kMetrics, method, "GET, HEAD");
    }
    bool api = false;
    std::string_view rest = StripApiPrefix(path, api);
    if (!api) {
        return {};
    }
    while (rest.size() > 1 && rest.back() == '/') {
        rest.remove_suffix(1);
    }
    if (rest == "/chat/completions") {
        return Only(Route::kChatCompletions, method, "POST");
    }
    if (rest == "/messages") {
        return Only(Route::kMessages, method, "POST");
    }
    if (rest == "/responses") {
        return Only(Route::kResponses, method, "POST");
    }
    if (rest == "/completions") {
        return Only(Route::kCompletions, method, "POST");
    }
    if (rest == "/embeddings") {
        return Only(Route::kEmbeddings, method, "POST");
    }
    if (rest == "/models") {
        return Only(Route::kModels, method, "GET, HEAD");
    }
    if (rest == "/providers") {
        return Only(Route::kProviders, method, "GET, HEAD");
    }
    constexpr std::string_view kModelPrefix = "/model/";
    if (rest.rfind(kModelPrefix, 0) == 0) {
        std::string_view id = rest.substr(kModelPrefix.size());
        const std::size_t slash = id.find('/');
        if (slash != std::string_view::npos && slash > 0 && slash + 1 < id.size() &&
            id.find('/', slash + 1) == std::string_view::npos) {
            RouteMatch match = Only(Route::kModel, method, "GET, HEAD");
            match.model_id = std::string(id);
            return match;
        }
    }
    constexpr std::string_view kModelsPrefix = "/models/";
    constexpr std::string_view kEndpointsSuffix = "/endpoints";
    if (rest.rfind(kModelsPrefix, 0) == 0 && rest.size() > kModelsPrefix.size() + kEndpointsSuffix.size() &&
        rest.substr(rest.size() - kEndpointsSuffix.size()) == kEndpointsSuffix) {
        std::string_view id = rest.substr(kModelsPrefix.size(), rest.size() - kModelsPrefix.size() - kEndpointsSuffix.size());
        const std::size_t slash = id.find('/');
        if (slash != std::string_view::npos && slash > 0 && slash + 1 < id.size() &&
            id.find('/', slash + 1) == std::string_view::npos) {
            RouteMatch match = Only(Route::kModelEndpoints, method, "GET, HEAD");
            match.model_id = std::string(id);
            return match;
        }
    }
    return {};
}

std::string_view RouteName(Route route) {
    switch (route) {
        case Route::kNotFound: return "not_found";
        case Route::kHealthz: return "healthz";
        case Route::kReadyz: return "readyz";
        case Route::kMetrics: return "metrics";
        case Route::kChatCompletions: return "chat_completions";
        case Route::kMessages: return "messages";
        case Route::kResponses: return "responses";
        case Route::kCompletions: return "completions";
        case Route::kEmbeddings: return "embeddings";
        case Route::kModels: return "models";
        case Route::kModelEndpoints: return "model_endpoints";
        case Route::kModel: return "model";
        case Route::kProviders: return "providers";
    }
    return "unknown";
}

namespace {
int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string Decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
                   HexValue(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}
}  // namespace

std::optional<std::string> QueryParam(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (Decode(pair.substr(0, eq)) == name) {
            return eq == std::string_view::npos ? std::string() : Decode(pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

}  // namespace switchyard::http
