#include "routing/router.hpp"

namespace switchyard::routing {

RouteQuery QueryFor(const canonical::ChatRequest& request) {
    RouteQuery query;
    query.model = request.model;
    query.fallback_models = request.models;
    query.provider = &request.provider;
    query.parameters = &request.parameters;
    query.session_id = request.session_id;
    query.kind = ModelKind::kChat;
    return query;
}

RouteQuery QueryFor(const canonical::EmbeddingRequest& request) {
    RouteQuery query;
    query.model = request.model;
    query.provider = &request.provider;
    query.kind = ModelKind::kEmbedding;
    return query;
}

core::Result<Plan> PlanRoute(const Catalog& catalog, const RouteQuery& query) {
    const Model* model = catalog.FindModel(query.model);
    if (model == nullptr) {
        return core::MakeError(core::Errc::kUnknownModel, std::string(query.model) + " is not a valid model ID");
    }
    if (model->kind != query.kind) {
        return core::MakeError(core::Errc::kNoEndpoint,
                               std::string(query.model) +
                                   (model->kind == ModelKind::kEmbedding ? " is an embedding model" : " is not an embedding model"));
    }
    Plan plan;
    plan.model = model;
    const bool require_parameters = query.provider != nullptr && query.provider->require_parameters.value_or(false);
    static const std::vector<std::string> kNoParameters;
    const std::vector<std::string>& parameters = query.parameters != nullptr ? *query.parameters : kNoParameters;
    for (const Endpoint* endpoint : model->endpoints) {
        if (!endpoint->provider->routable) {
            continue;
        }
        Attempt attempt;
        attempt.model = model;
        attempt.endpoint = endpoint;
        for (const std::string& parameter : parameters) {
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
