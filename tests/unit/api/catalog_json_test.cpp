#include "api/catalog_json.hpp"

#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/routing/test_catalog.hpp"
#include "unit/test_json.hpp"

namespace switchyard::api {
namespace {

using routing::testing::SampleConfig;
using ::testing::StartsWith;
namespace dom = simdjson::dom;

std::string_view Str(dom::element e) {
    std::string_view value;
    EXPECT_EQ(e.get(value), simdjson::SUCCESS) << simdjson::minify(e);
    return value;
}

std::vector<std::string> Strings(dom::element e) {
    std::vector<std::string> out;
    dom::array array;
    EXPECT_EQ(e.get(array), simdjson::SUCCESS);
    for (dom::element item : array) {
        out.emplace_back(Str(item));
    }
    return out;
}

std::vector<std::string> Ids(dom::element root) {
    std::vector<std::string> ids;
    for (dom::element model : root["data"].get_array()) {
        ids.emplace_back(Str(model["id"]));
    }
    return ids;
}

ModelsQuery Query(std::string_view text) {
    auto query = ParseModelsQuery(text);
    if (!query) {
        ADD_FAILURE() << query.error().message;
        return ModelsQuery{};
    }
    return *query;
}

class CatalogJsonTest : public ::testing::Test {
  protected:
    std::shared_ptr<const routing::Catalog> catalog_ = routing::Catalog::FromConfig(SampleConfig());
    dom::parser parser_;

    dom::element Models(std::string_view query) {
        body_ = RenderModels(*catalog_, Query(query), "/api/v1");
        return testing::ParseJson(parser_, body_);
    }
    std::string body_;
};

TEST_F(CatalogJsonTest, ModelsHaveOpenRouterFieldsAndTypes) {
    dom::element root = Models("");
    ASSERT_EQ(root["data"].get_array().size(), 3u);
    EXPECT_EQ(root["total_count"].get_uint64().value(), 3u);
    EXPECT_TRUE(root["links"]["next"].is_null());
    for (dom::element model : root["data"].get_array()) {
        EXPECT_TRUE(model["id"].is_string());
        EXPECT_TRUE(model["canonical_slug"].is_string());
        EXPECT_TRUE(model["hugging_face_id"].is_null());
        EXPECT_TRUE(model["name"].is_string());
        EXPECT_TRUE(model["created"].is_int64());
        EXPECT_TRUE(model["description"].is_string());
        EXPECT_TRUE(model["context_length"].is_int64());
        dom::element arch = model["architecture"];
        EXPECT_TRUE(arch["modality"].is_string());
        EXPECT_TRUE(arch["input_modalities"].is_array());
        EXPECT_TRUE(arch["output_modalities"].is_array());
        EXPECT_TRUE(arch["tokenizer"].is_string());
        EXPECT_TRUE(arch["instruct_type"].is_null());
        dom::element pricing = model["pricing"];
        for (const char* key : {"prompt", "completion", "request", "image"}) {
            EXPECT_TRUE(pricing[key].is_string()) << key;  // OpenRouter prices are decimal strings
        }
        dom::element top = model["top_provider"];
        EXPECT_TRUE(top["context_length"].is_int64());
        EXPECT_TRUE(top["max_completion_tokens"].is_int64() ||
                    top["max_completion_tokens"].is_null());
        EXPECT_TRUE(top["is_moderated"].is_bool());
        EXPECT_TRUE(model["per_request_limits"].is_null());
        EXPECT_TRUE(model["supported_parameters"].is_array());
        EXPECT_TRUE(model["default_parameters"].is_null());
        EXPECT_EQ(Str(model["links"]["details"]),
                  "/api/v1/models/" + std::string(Str(model["id"])) + "/endpoints");
    }
}

TEST_F(CatalogJsonTest, ModelValues) {
    dom::element root = Models("");
    EXPECT_EQ(Ids(root), (std::vector<std::string>{"google/gemini-2.5-flash-image",
                                                   "meta-llama/llama-3.3-70b-instruct",
                                                   "openai/gpt-4o-mini"}));
    dom::element image = root["data"].at(0);
    EXPECT_EQ(Str(image["architecture"]["modality"]), "text+image->image+text");
    EXPECT_EQ(Str(image["pricing"]["input_cache_read"]), "0.000000075");
    EXPECT_TRUE(image["pricing"]["input_cache_write"].error() == simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(Strings(image["supported_parameters"]),
              (std::vector<std::string>{"seed", "temperature"}));

    dom::element mini = root["data"].at(2);
    EXPECT_EQ(Str(mini["name"]), "GPT-4o mini");
    EXPECT_EQ(Str(mini["canonical_slug"]), "openai/gpt-4o-mini");
    EXPECT_EQ(mini["context_length"].get_int64().value(), 128'000);
    EXPECT_EQ(Str(mini["architecture"]["modality"]), "text+image->text");
    // The cheapest routable endpoint sets the listed price: local (0.10/0.40) beats openai.
    EXPECT_EQ(Str(mini["pricing"]["prompt"]), "0.0000001");
    EXPECT_EQ(Str(mini["pricing"]["completion"]), "0.0000004");
    EXPECT_EQ(Str(mini["pricing"]["request"]), "0");
    EXPECT_EQ(Str(mini["pricing"]["image"]), "0");
    EXPECT_EQ(mini["top_provider"]["context_length"].get_int64().value(), 64'000);
    EXPECT_TRUE(mini["top_provider"]["max_completion_tokens"].is_null());
}

TEST_F(CatalogJsonTest, RoutableEndpointsArePreferredForThePrice) {
    config::Config config = SampleConfig();
    config.endpoints.push_back(routing::testing::MakeEndpoint("meta-llama/llama-3.3-70b-instruct",
                                                              "openai", 2'000'000, 2'000'000));
    const auto catalog = routing::Catalog::FromConfig(config);
    const std::string body = RenderModels(*catalog, ModelsQuery{}, "/api/v1");
    dom::element root = testing::ParseJson(parser_, body);
    // Together is cheaper but has no key; the listed price is the one a request would pay.
    EXPECT_EQ(Str(root["data"].at(1)["pricing"]["prompt"]), "0.000002");
}

TEST_F(CatalogJsonTest, Pagination) {
    dom::element page = Models("offset=1&limit=1");
    EXPECT_EQ(Ids(page), std::vector<std::string>{"meta-llama/llama-3.3-70b-instruct"});
    EXPECT_EQ(Str(page["links"]["next"]), "/api/v1/models?offset=2&limit=1");
    EXPECT_EQ(page["total_count"].get_uint64().value(), 3u);

    dom::element last = Models("offset=2&limit=5");
    EXPECT_EQ(Ids(last), std::vector<std::string>{"openai/gpt-4o-mini"});
    EXPECT_TRUE(last["links"]["next"].is_null());

    dom::element past = Models("offset=10");
    EXPECT_TRUE(Ids(past).empty());
    EXPECT_TRUE(past["links"]["next"].is_null());
    EXPECT_EQ(past["total_count"].get_uint64().value(), 3u);

    dom::element first_two = Models("limit=2");
    EXPECT_EQ(Ids(first_two).size(), 2u);
    EXPECT_EQ(Str(first_two["links"]["next"]), "/api/v1/models?offset=2&limit=2");
}

TEST_F(CatalogJsonTest, Filters) {
    EXPECT_EQ(Ids(Models("supported_parameters=temperature,top_k")),
              std::vector<std::string>{"meta-llama/llama-3.3-70b-instruct"});
    EXPECT_EQ(Ids(Models("supported_parameters=tools")),
              std::vector<std::string>{"openai/gpt-4o-mini"});
    EXPECT_TRUE(Ids(Models("supported_parameters=tools,top_k")).empty());
    EXPECT_EQ(Ids(Models("supported_parameters=temperature")).size(), 3u);
    EXPECT_EQ(Ids(Models("output_modalities=image")),
              std::vector<std::string>{"google/gemini-2.5-flash-image"});
    EXPECT_EQ(Ids(Models("output_modalities=image,audio")),
              std::vector<std::string>{"google/gemini-2.5-flash-image"});
    EXPECT_EQ(Ids(Models("output_modalities=all")).size(), 3u);
    EXPECT_EQ(Ids(Models("output_modalities=text")).size(), 3u);
    EXPECT_EQ(Ids(Models("input_modalities=image")),
              (std::vector<std::string>{"google/gemini-2.5-flash-image", "openai/gpt-4o-mini"}));
    dom::element filtered = Models("input_modalities=image&limit=1");
    EXPECT_EQ(filtered["total_count"].get_uint64().value(), 2u);  // counts the filtered set
    EXPECT_EQ(Str(filtered["links"]["next"]), "/api/v1/models?offset=1&limit=1");
}

TEST(ParseModelsQuery, DefaultsAndDecoding) {
    auto empty = ParseModelsQuery("");
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(empty->offset, 0u);
    EXPECT_FALSE(empty->limit.has_value());
    auto full = ParseModelsQuery(
        "offset=5&limit=10&supported_parameters=tools%2Ctemperature&output_modalities=image"
        "&input_modalities=text");
    ASSERT_TRUE(full.has_value());
    EXPECT_EQ(full->offset, 5u);
    EXPECT_EQ(full->limit, 10u);
    EXPECT_EQ(full->supported_parameters, "tools,temperature");
    EXPECT_EQ(full->output_modalities, "image");
    EXPECT_EQ(full->input_modalities, "text");
    EXPECT_EQ(ParseModelsQuery("limit=1000")->limit, 1000u);
}

TEST(ParseModelsQuery, ErrorsNameTheParameter) {
    for (const auto& [query, prefix] :
         {std::pair{"offset=abc", "offset: "}, std::pair{"offset=-1", "offset: "},
          std::pair{"offset=1000001", "offset: "}, std::pair{"limit=1001", "limit: "},
          std::pair{"limit=-1", "limit: "}, std::pair{"limit=", "limit: "},
          std::pair{"limit=1.5", "limit: "}}) {
        auto parsed = ParseModelsQuery(query);
        ASSERT_FALSE(parsed.has_value()) << query;
        EXPECT_EQ(parsed.error().code, core::Errc::kInvalidRequest);
        EXPECT_THAT(parsed.error().message, StartsWith(prefix)) << query;
        EXPECT_EQ(parsed.error().HttpStatus(), 400);
    }
}

TEST_F(CatalogJsonTest, Providers) {
    const std::string body = RenderProviders(*catalog_);
    dom::element root = testing::ParseJson(parser_, body);
    dom::array data = root["data"].get_array();
    ASSERT_EQ(data.size(), 3u);
    EXPECT_EQ(Str(data.at(0)["name"]), "OpenAI");
    EXPECT_EQ(Str(data.at(0)["slug"]), "openai");
    EXPECT_EQ(Str(data.at(1)["slug"]), "together");  // listed even without its key
    EXPECT_EQ(Str(data.at(2)["slug"]), "local");
    for (dom::element provider : data) {
        EXPECT_TRUE(provider["privacy_policy_url"].is_null());
        EXPECT_TRUE(provider["terms_of_service_url"].is_null());
        EXPECT_TRUE(provider["status_page_url"].is_null());
    }
}

TEST_F(CatalogJsonTest, ModelEndpoints) {
    EXPECT_FALSE(RenderModelEndpoints(*catalog_, "openai/gpt-5").has_value());
    auto body = RenderModelEndpoints(*catalog_, "openai/gpt-4o-mini");
    ASSERT_TRUE(body.has_value());
    dom::element data = testing::ParseJson(parser_, *body)["data"];
    EXPECT_EQ(Str(data["id"]), "openai/gpt-4o-mini");
    EXPECT_EQ(Str(data["name"]), "GPT-4o mini");
    EXPECT_TRUE(data["created"].is_int64());
    EXPECT_EQ(Str(data["architecture"]["modality"]), "text+image->text");
    dom::array endpoints = data["endpoints"].get_array();
    ASSERT_EQ(endpoints.size(), 2u);

    dom::element openai = endpoints.at(0);
    EXPECT_EQ(Str(openai["name"]), "OpenAI | openai/gpt-4o-mini");
    EXPECT_EQ(Str(openai["model_id"]), "openai/gpt-4o-mini");
    EXPECT_EQ(Str(openai["model_name"]), "GPT-4o mini");
    EXPECT_EQ(openai["context_length"].get_int64().value(), 128'000);
    EXPECT_EQ(Str(openai["pricing"]["prompt"]), "0.00000015");
    EXPECT_EQ(Str(openai["pricing"]["completion"]), "0.0000006");
    EXPECT_EQ(Str(openai["provider_name"]), "OpenAI");
    EXPECT_EQ(Str(openai["tag"]), "openai");
    EXPECT_TRUE(openai["quantization"].is_null());
    EXPECT_EQ(openai["max_completion_tokens"].get_int64().value(), 16'384);
    EXPECT_TRUE(openai["max_prompt_tokens"].is_null());
    EXPECT_EQ(Strings(openai["supported_parameters"]),
              (std::vector<std::string>{"tools", "temperature", "max_tokens"}));
    EXPECT_EQ(openai["status"].get_int64().value(), 0);
    EXPECT_TRUE(openai["uptime_last_30m"].is_null());
    EXPECT_TRUE(openai["supports_implicit_caching"].is_bool());
    EXPECT_TRUE(openai["supports_tool_choice"]["auto"].get_bool().value());

    dom::element local = endpoints.at(1);
    EXPECT_EQ(Str(local["quantization"]), "int4");
    EXPECT_TRUE(local["max_completion_tokens"].is_null());
    const std::vector<std::string> defaults = Strings(local["supported_parameters"]);
    EXPECT_EQ(defaults.size(), routing::DefaultSupportedParameters().size());
    EXPECT_THAT(defaults, ::testing::Contains("tools"));
}

TEST_F(CatalogJsonTest, UnroutableEndpointsHaveANegativeStatusAndNoTools) {
    auto body = RenderModelEndpoints(*catalog_, "meta-llama/llama-3.3-70b-instruct");
    ASSERT_TRUE(body.has_value());
    dom::element endpoint = testing::ParseJson(parser_, *body)["data"]["endpoints"].at(0);
    EXPECT_EQ(endpoint["status"].get_int64().value(), -1);
    EXPECT_EQ(Str(endpoint["provider_name"]), "Together");
    for (const char* key : {"auto", "function", "none", "required"}) {
        EXPECT_FALSE(endpoint["supports_tool_choice"][key].get_bool().value())
            << key;  // no "tools" listed
    }
}

}  // namespace
}  // namespace switchyard::api
