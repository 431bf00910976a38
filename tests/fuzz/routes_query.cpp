// Fuzzes the request-target handling of the HTTP API: http::MatchRoute on the method and path,
// http::QueryParam and api::ParseModelsQuery on the query. Input: a request line without the
// version, "METHOD TARGET" (the first space splits them; the first '?' splits the target), then
// optionally a newline and a query parameter name to look up.
//
// Invariants: a matched route is one the table knows and has an Allow value; a model id is
// author/slug; a decoded parameter is never longer than the query; parsed /models paging stays
// within its documented bounds.

#include <string>

#include "api/catalog_json.hpp"
#include "fuzz_util.hpp"
#include "http/routes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace http = switchyard::http;
    using switchyard::fuzz::Check;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string_view name = "limit";
    if (const std::size_t newline = input.find('\n'); newline != std::string_view::npos) {
        name = input.substr(newline + 1);
        input = input.substr(0, newline);
    }
    const std::size_t space = input.find(' ');
    const std::string_view method = input.substr(0, space);
    const std::string_view target =
        space == std::string_view::npos ? std::string_view{} : input.substr(space + 1);
    const std::size_t question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query =
        question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);

    const http::RouteMatch match = http::MatchRoute(method, path);
    Check(http::RouteName(match.route) != "unknown", "every route has a name");
    if (match.route == http::Route::kNotFound) {
        Check(match.method_allowed && match.allowed.empty(), "no Allow value without a route");
    } else {
        Check(!match.allowed.empty(), "a route has an Allow value");
    }
    if (match.route == http::Route::kModelEndpoints || match.route == http::Route::kModel) {
        const std::size_t slash = match.model_id.find('/');
        Check(slash != std::string::npos && slash > 0 && slash + 1 < match.model_id.size() &&
                  match.model_id.find('/', slash + 1) == std::string::npos,
              "a model id is author/slug");
    } else {
        Check(match.model_id.empty(), "only the model routes carry a model id");
    }

    if (auto value = http::QueryParam(query, name)) {
        Check(value->size() <= query.size(), "a decoded value is no longer than the query");
    }
    if (auto models = switchyard::api::ParseModelsQuery(query)) {
        Check(models->offset <= 1'000'000, "offset within bounds");
        Check(!models->limit || *models->limit <= 1000, "limit within bounds");
    } else {
        Check(!models.error().message.empty(), "a rejected query says why");
    }
    return 0;
}
