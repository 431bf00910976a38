#include "http/routes.hpp"

#include <gtest/gtest.h>

namespace switchyard::http {
namespace {

TEST(MatchRoute, TopLevelRoutes) {
    for (const auto& [path, route] :
         {std::pair{"/healthz", Route::kHealthz}, std::pair{"/readyz", Route::kReadyz},
          std::pair{"/metrics", Route::kMetrics}}) {
        const RouteMatch get = MatchRoute("GET", path);
        EXPECT_EQ(get.route, route) << path;
        EXPECT_TRUE(get.method_allowed) << path;
        EXPECT_TRUE(MatchRoute("HEAD", path).method_allowed) << path;
        const RouteMatch post = MatchRoute("POST", path);
        EXPECT_EQ(post.route, route) << path;
        EXPECT_FALSE(post.method_allowed) << path;
        EXPECT_EQ(post.allowed, "GET, HEAD") << path;
    }
}

TEST(MatchRoute, ApiRoutesUnderBothPrefixes) {
    for (const char* prefix : {"/api/v1", "/v1"}) {
        const std::string p(prefix);
        const RouteMatch chat = MatchRoute("POST", p + "/chat/completions");
        EXPECT_EQ(chat.route, Route::kChatCompletions) << p;
        EXPECT_TRUE(chat.method_allowed);
        EXPECT_EQ(chat.allowed, "POST");
        EXPECT_EQ(MatchRoute("GET", p + "/models").route, Route::kModels);
        EXPECT_TRUE(MatchRoute("GET", p + "/models").method_allowed);
        EXPECT_TRUE(MatchRoute("HEAD", p + "/models").method_allowed);
        EXPECT_EQ(MatchRoute("GET", p + "/providers").route, Route::kProviders);
        const RouteMatch endpoints = MatchRoute("GET", p + "/models/openai/gpt-4o-mini/endpoints");
        EXPECT_EQ(endpoints.route, Route::kModelEndpoints);
        EXPECT_TRUE(endpoints.method_allowed);
        EXPECT_EQ(endpoints.model_id, "openai/gpt-4o-mini");
    }
}

TEST(MatchRoute, TrailingSlashesAreIgnoredOnApiRoutes) {
    EXPECT_EQ(MatchRoute("POST", "/api/v1/chat/completions/").route, Route::kChatCompletions);
    EXPECT_EQ(MatchRoute("GET", "/v1/models/").route, Route::kModels);
    EXPECT_EQ(MatchRoute("GET", "/api/v1/providers//").route, Route::kProviders);
    const RouteMatch endpoints =
        MatchRoute("GET", "/api/v1/models/meta-llama/llama-3.3-70b-instruct/endpoints/");
    EXPECT_EQ(endpoints.route, Route::kModelEndpoints);
    EXPECT_EQ(endpoints.model_id, "meta-llama/llama-3.3-70b-instruct");
}

TEST(MatchRoute, WrongMethodIs405WithAllow) {
    const RouteMatch get_chat = MatchRoute("GET", "/api/v1/chat/completions");
    EXPECT_EQ(get_chat.route, Route::kChatCompletions);
    EXPECT_FALSE(get_chat.method_allowed);
    EXPECT_EQ(get_chat.allowed, "POST");
    EXPECT_FALSE(MatchRoute("HEAD", "/api/v1/chat/completions").method_allowed);
    EXPECT_FALSE(MatchRoute("PUT", "/v1/chat/completions").method_allowed);
    const RouteMatch post_models = MatchRoute("POST", "/api/v1/models");
    EXPECT_EQ(post_models.route, Route::kModels);
    EXPECT_FALSE(post_models.method_allowed);
    EXPECT_EQ(post_models.allowed, "GET, HEAD");
    EXPECT_FALSE(MatchRoute("DELETE", "/api/v1/providers").method_allowed);
    EXPECT_FALSE(MatchRoute("POST", "/api/v1/models/a/b/endpoints").method_allowed);
    EXPECT_FALSE(MatchRoute("get", "/api/v1/models").method_allowed);  // methods are case-sensitive
}

TEST(MatchRoute, UnknownPathsAreNotFound) {
    for (const char* path : {"/",
                             "",
                             "/api",
                             "/api/v1",
                             "/api/v1/",
                             "/v1",
                             "/models",
                             "/chat/completions",
                             "/api/v2/models",
                             "/api/v1/chat",
                             "/api/v1/chat/completions/x",
                             "/api/v1/modelsx",
                             "/v1/models/openai/endpoints",
                             "/v1/models/a/b/c/endpoints",
                             "/v1/models//b/endpoints",
                             "/v1/models/a//endpoints",
                             "/v1/models/endpoints",
                             "/v1/models/a/b/endpointsx",
                             "/api/v1/models/a/b",
                             "/API/V1/models",
                             "/healthz/x"}) {
        const RouteMatch match = MatchRoute("GET", path);
        EXPECT_EQ(match.route, Route::kNotFound) << path;
        EXPECT_TRUE(match.model_id.empty()) << path;
    }
}

TEST(RouteName, StableLabels) {
    EXPECT_EQ(RouteName(Route::kNotFound), "not_found");
    EXPECT_EQ(RouteName(Route::kHealthz), "healthz");
    EXPECT_EQ(RouteName(Route::kReadyz), "readyz");
    EXPECT_EQ(RouteName(Route::kMetrics), "metrics");
    EXPECT_EQ(RouteName(Route::kChatCompletions), "chat_completions");
    EXPECT_EQ(RouteName(Route::kModels), "models");
    EXPECT_EQ(RouteName(Route::kModelEndpoints), "model_endpoints");
    EXPECT_EQ(RouteName(Route::kProviders), "providers");
}

TEST(QueryParam, DecodesValues) {
    const std::string_view query = "a=1&b=hello%20world&c=x+y&d=%E2%82%AC&empty=&flag&e=%2b%2B";
    EXPECT_EQ(QueryParam(query, "a"), "1");
    EXPECT_EQ(QueryParam(query, "b"), "hello world");
    EXPECT_EQ(QueryParam(query, "c"), "x y");
    EXPECT_EQ(QueryParam(query, "d"), "\xE2\x82\xAC");
    EXPECT_EQ(QueryParam(query, "empty"), "");
    EXPECT_EQ(QueryParam(query, "flag"), "");
    EXPECT_EQ(QueryParam(query, "e"), "++");
    EXPECT_EQ(QueryParam(query, "missing"), std::nullopt);
    EXPECT_EQ(QueryParam(query, "A"), std::nullopt);
    EXPECT_EQ(QueryParam("", "a"), std::nullopt);
}

TEST(QueryParam, DecodesNamesAndTakesTheFirstOccurrence) {
    EXPECT_EQ(QueryParam("supported%5Fparameters=tools%2Ctemperature", "supported_parameters"),
              "tools,temperature");
    EXPECT_EQ(QueryParam("x=1&x=2", "x"), "1");
    EXPECT_EQ(QueryParam("x=a=b", "x"), "a=b");
    EXPECT_EQ(QueryParam("&&x=1&", "x"), "1");
}

TEST(QueryParam, KeepsInvalidEscapesLiterally) {
    EXPECT_EQ(QueryParam("x=%zz", "x"), "%zz");
    EXPECT_EQ(QueryParam("x=%4", "x"), "%4");
    EXPECT_EQ(QueryParam("x=%", "x"), "%");
    EXPECT_EQ(QueryParam("x=100%", "x"), "100%");
    EXPECT_EQ(QueryParam("x=%41%", "x"), "A%");
}

}  // namespace
}  // namespace switchyard::http
