#pragma once
// Route selection: which endpoints may serve a request, in the order to try them.
// Exact model match for now; the catalog-and-routing work adds preferences, variants, health,
// load balancing and breakers behind this same function.

#include <vector>

#include "canonical/chat.hpp"
#include "core/error.hpp"
#include "routing/catalog.hpp"

namespace switchyard::routing {

struct Attempt {
    const Endpoint* endpoint = nullptr;
    /// Request parameters this endpoint does not support; the adapter omits them.
    std::vector<std::string> dropped_parameters;
};

struct Plan {
    const Model* model = nullptr;
    std::vector<Attempt> attempts;  // in order; the first success wins
};

core::Result<Plan> PlanRoute(const Catalog& catalog, const canonical::ChatRequest& request);

}  // namespace switchyard::routing
