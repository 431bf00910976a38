#include "routing/router.hpp"

namespace switchyard::routing {

core::Result<Plan> PlanRoute(const Catalog& catalog, const canonical::ChatRequest& request) {
    const Model* model = catalog.FindModel(request.model);
    if (model == nullptr) {
        return core::MakeError(core::Errc::kUnknownModel, request.model + " is not a valid model ID");
    }
    Plan plan;
    plan.model = model;
    const bool require_parameters = request.provider.require_parameters.value_or(false);
    for (const Endpoint* endpoint : model->endpoints) {
        if (!endpoint->provider->routable) {
            continue;
        }
        Attempt attempt;
        attempt.endpoint = endpoint;
        for (const std::string& parameter : request.parameters) {
            if (!endpoint->Supports(parameter)) {
                attempt.dropped_parameters.push_back(parameter);
            }
        }
        if (require_parameters && !attempt.dropped_parameters.empty()) {
            continue;
        }
        plan.attempts.push_back(std::move(attempt));
    }
    if (plan.attempts.empty()) {
        return core::MakeError(core::Errc::kNoEndpoint,
                               require_parameters
                                   ? "No endpoints found for " + model->id + " that support all the requested parameters"
                                   : "No available provider for " + model->id);
    }
    return plan;
}

}  // namespace switchyard::routing
