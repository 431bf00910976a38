#include "routing/catalog.hpp"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/routing/test_catalog.hpp"

namespace switchyard::routing {
namespace {

using ::testing::ElementsAre;
using testing::SampleConfig;

std::vector<std::string> Defaults() {
    std::vector<std::string> out;
    for (std::string_view p : DefaultSupportedParameters()) {
        out.emplace_back(p);
    }
    return out;
}

TEST(Catalog, GroupsEndpointsIntoModelsSortedById) {
    const auto catalog = Catalog::FromConfig(SampleConfig());
    ASSERT_EQ(catalog->models().size(), 3u);
    EXPECT_EQ(catalog->models()[0]->id, "google/gemini-2.5-flash-image");
    EXPECT_EQ(catalog->models()[1]->id, "meta-llama/llama-3.3-70b-instruct");
    EXPECT_EQ(catalog->models()[2]->id, "openai/gpt-4o-mini");

    const Model* mini = catalog->FindModel("openai/gpt-4o-mini");
    ASSERT_NE(mini, nullptr);
    EXPECT_EQ(mini->author, "openai");
    EXPECT_EQ(mini->name, "GPT-4o mini");
    EXPECT_EQ(mini->context_length, 128'000);  // the largest of its endpoints
    EXPECT_THAT(mini->input_modalities, ElementsAre("text", "image"));
    ASSERT_EQ(mini->endpoints.size(), 2u);  // in configuration order
    EXPECT_EQ(mini->endpoints[0]->provider->id(), "openai");
    EXPECT_EQ(mini->endpoints[0]->upstream_model, "gpt-4o-mini");
    EXPECT_EQ(mini->endpoints[0]->prices.prompt, 150'000);
    EXPECT_EQ(mini->endpoints[0]->prices.completion, 600'000);
    EXPECT_EQ(mini->endpoints[0]->max_completion_tokens, 16'384);
    EXPECT_EQ(mini->endpoints[1]->provider->id(), "local");
    EXPECT_EQ(mini->endpoints[1]->quantization, "int4");
    EXPECT_EQ(mini->endpoints[1]->model_id, "openai/gpt-4o-mini");

    EXPECT_EQ(catalog->FindModel("openai/gpt-5"), nullptr);
    EXPECT_EQ(catalog->FindModel("openai/gpt-4o-mini:free"), nullptr);
}

TEST(Catalog, NamesModelsFromTheSlugWhenUnnamed) {
    const auto catalog = Catalog::FromConfig(SampleConfig());
    EXPECT_EQ(catalog->FindModel("meta-llama/llama-3.3-70b-instruct")->name,
              "Llama 3.3 70b Instruct");
    EXPECT_EQ(catalog->FindModel("meta-llama/llama-3.3-70b-instruct")->author, "meta-llama");
}

TEST(Catalog, ProvidersWithoutTheirKeyAreListedButUnroutable) {
    const auto catalog = Catalog::FromConfig(SampleConfig());
    ASSERT_EQ(catalog->providers().size(), 3u);
    const Provider* together = catalog->FindProvider("together");
    ASSERT_NE(together, nullptr);
    EXPECT_FALSE(together->routable);
    EXPECT_EQ(together->name(), "Together");
    EXPECT_TRUE(catalog->FindProvider("openai")->routable);
    EXPECT_TRUE(catalog->FindProvider("local")->routable);
    EXPECT_EQ(catalog->FindProvider("groq"), nullptr);
}

TEST(Catalog, SupportedParametersAreTheUnionOfItsEndpoints) {
    const auto catalog = Catalog::FromConfig(SampleConfig());
    // Only listed parameters: exactly their union, sorted.
    EXPECT_THAT(catalog->FindModel("meta-llama/llama-3.3-70b-instruct")->supported_parameters,
                ElementsAre("temperature", "top_k"));
    // One endpoint with the adapter defaults: defaults ∪ the other endpoint's list.
    std::vector<std::string> expected = Defaults();
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    EXPECT_EQ(catalog->FindModel("openai/gpt-4o-mini")->supported_parameters, expected);
}

TEST(Catalog, EndpointSupportsItsListOrEverything) {
    const auto catalog = Catalog::FromConfig(SampleConfig());
    const Model* mini = catalog->FindModel("openai/gpt-4o-mini");
    EXPECT_TRUE(mini->endpoints[0]->Supports("tools"));
    EXPECT_FALSE(mini->endpoints[0]->Supports("top_k"));
    EXPECT_TRUE(mini->endpoints[1]->Supports("top_k"));  // no list: the adapter decides
    EXPECT_THAT(Defaults(),
                ::testing::IsSupersetOf({"max_tokens", "temperature", "tools", "tool_choice",
                                         "response_format", "structured_outputs"}));
}

TEST(Catalog, SkipsEndpointsOfUnknownProviders) {
    config::Config config = SampleConfig();
    config.endpoints.push_back(testing::MakeEndpoint("x-ai/grok-4", "xai", 1, 1));
    const auto catalog = Catalog::FromConfig(config);
    EXPECT_EQ(catalog->FindModel("x-ai/grok-4"), nullptr);
    EXPECT_EQ(catalog->models().size(), 3u);
}

TEST(Catalog, EmptyConfiguration) {
    const auto catalog = Catalog::FromConfig(config::Config{});
    EXPECT_TRUE(catalog->models().empty());
    EXPECT_TRUE(catalog->providers().empty());
    EXPECT_EQ(catalog->FindModel("a/b"), nullptr);
}

}  // namespace
}  // namespace switchyard::routing
