#include "routing/router.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/routing/test_catalog.hpp"

namespace switchyard::routing {
namespace {

using core::Errc;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::SampleConfig;

canonical::ChatRequest RequestFor(std::string model, std::vector<std::string> parameters = {}) {
    canonical::ChatRequest request;
    request.model = std::move(model);
    request.parameters = std::move(parameters);
    return request;
}

class PlanRouteTest : public ::testing::Test {
  protected:
    std::shared_ptr<const Catalog> catalog_ = Catalog::FromConfig(SampleConfig());
};

TEST_F(PlanRouteTest, UnknownModel) {
    auto plan = PlanRoute(*catalog_, QueryFor(RequestFor("openai/gpt-5")));
    ASSERT_FALSE(plan.has_value());
    EXPECT_EQ(plan.error().code, Errc::kUnknownModel);
    EXPECT_EQ(plan.error().HttpStatus(), 404);
    EXPECT_THAT(plan.error().message, HasSubstr("openai/gpt-5"));
}

TEST_F(PlanRouteTest, AllProvidersUnroutable) {
    auto plan = PlanRoute(*catalog_, QueryFor(RequestFor("meta-llama/llama-3.3-70b-instruct")));
    ASSERT_FALSE(plan.has_value());
    EXPECT_EQ(plan.error().code, Errc::kNoEndpoint);
    EXPECT_THAT(plan.error().message, HasSubstr("meta-llama/llama-3.3-70b-instruct"));
}

TEST_F(PlanRouteTest, TriesEndpointsInOrderAndDropsUnsupportedParameters) {
    auto plan = PlanRoute(
        *catalog_, QueryFor(RequestFor("openai/gpt-4o-mini", {"temperature", "top_k", "tools", "seed"})));
    ASSERT_TRUE(plan.has_value()) << plan.error().message;
    EXPECT_EQ(plan->model, catalog_->FindModel("openai/gpt-4o-mini"));
    ASSERT_EQ(plan->attempts.size(), 2u);
    EXPECT_EQ(plan->attempts[0].endpoint->provider->id(), "openai");
    EXPECT_THAT(plan->attempts[0].dropped_parameters, ElementsAre("top_k", "seed"));
    EXPECT_EQ(plan->attempts[1].endpoint->provider->id(), "local");
    EXPECT_TRUE(plan->attempts[1].dropped_parameters.empty());  // no list: nothing is dropped
}

TEST_F(PlanRouteTest, RequireParametersSkipsEndpointsThatWouldDropSome) {
    canonical::ChatRequest request = RequestFor("openai/gpt-4o-mini", {"temperature", "top_k"});
    request.provider.require_parameters = true;
    auto plan = PlanRoute(*catalog_, QueryFor(request));
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->attempts.size(), 1u);
    EXPECT_EQ(plan->attempts[0].endpoint->provider->id(), "local");

    canonical::ChatRequest supported = RequestFor("openai/gpt-4o-mini", {"temperature", "tools"});
    supported.provider.require_parameters = true;
    auto both = PlanRoute(*catalog_, QueryFor(supported));
    ASSERT_TRUE(both.has_value());
    EXPECT_EQ(both->attempts.size(), 2u);
}

TEST_F(PlanRouteTest, RequireParametersWithNoMatchingEndpoint) {
    canonical::ChatRequest request = RequestFor("google/gemini-2.5-flash-image", {"tools"});
    request.provider.require_parameters = true;
    auto plan = PlanRoute(*catalog_, QueryFor(request));
    ASSERT_FALSE(plan.has_value());
    EXPECT_EQ(plan.error().code, Errc::kNoEndpoint);
    EXPECT_THAT(plan.error().message, HasSubstr("support all the requested parameters"));

    request.provider.require_parameters = false;
    auto lenient = PlanRoute(*catalog_, QueryFor(request));
    ASSERT_TRUE(lenient.has_value());
    EXPECT_THAT(lenient->attempts[0].dropped_parameters, ElementsAre("tools"));
}

TEST_F(PlanRouteTest, UnroutableEndpointsAreSkipped) {
    config::Config config = SampleConfig();
    config.providers[0].key_missing = true;  // openai
    const auto catalog = Catalog::FromConfig(config);
    auto plan = PlanRoute(*catalog, QueryFor(RequestFor("openai/gpt-4o-mini")));
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->attempts.size(), 1u);
    EXPECT_EQ(plan->attempts[0].endpoint->provider->id(), "local");
}

}  // namespace
}  // namespace switchyard::routing
