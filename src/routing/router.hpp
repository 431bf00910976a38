#pragma once
// Route selection: which endpoints may serve a request, in the order to try them.
// Exact model match for now; the catalog-and-routing work adds preferences, variants, health,
// load balancing and breakers behind this same function.

#include <vector>

#include "canonical/chat.hpp"
#include "core/error.hpp"
#include "routing/catalog.hpp"

namespace switchyard::routing {

/// What routing needs to know about a request, whatever its API format.
struct RouteQuery {
    std::string_view model;
    std::vector<std::string> fallback_models;  // OpenRouter's `models`
    const canonical::ProviderPreferences* provider = nullptr;
    const std::vector<std::string>* parameters = nullptr;  // parameters the client set
    std::string_view session_id;
    ModelKind kind = ModelKind::kChat;
};

RouteQuery QueryFor(const canonical::ChatRequest& request);
RouteQuery QueryFor(const canonical::EmbeddingRequest& request);

struct Attempt {
    const Model* model = nullptr;  // the model this attempt serves (fallback lists span models)
    const Endpoint* endpoint = nullptr;
    /// Request parameters this endpoint does not support; the adapter omits them.
    std::vector<std::string> dropped_parameters;
};

struct Plan {
    const Model* model = nullptr;   // the requested model
    std::vector<Attempt> attempts;  // in order; the first success wins
};

core::Result<Plan> PlanRoute(const Catalog& catalog, const RouteQuery& query);

}  // namespace switchyard::routing
