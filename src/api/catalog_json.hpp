#pragma once
// The discovery API's bodies in OpenRouter's schema (checked by the official @openrouter/sdk):
// GET /models, GET /models/{author}/{slug}/endpoints, GET /providers. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "routing/catalog.hpp"

namespace switchyard::api {

struct ModelsQuery {
    std::size_t offset = 0;
    std::optional<std::size_t> limit;
    std::string supported_parameters;  // comma-separated: every one must be supported
    std::string output_modalities;     // comma-separated, or "all"
    std::string input_modalities;
};

/// Parses the query string of GET /models; errors name the bad parameter.
core::Result<ModelsQuery> ParseModelsQuery(std::string_view query);
std::string RenderModels(const routing::Catalog& catalog, const ModelsQuery& query, std::string_view base_path);
std::string RenderProviders(const routing::Catalog& catalog);
/// GET /model/{author}/{slug}: {"data": <model>}; nullopt when the model does not exist.
std::optional<std::string> RenderModel(const routing::Catalog& catalog, std::string_view model_id,
                                       std::string_view base_path);
/// nullopt when the model does not exist.
std::optional<std::string> RenderModelEndpoints(const routing::Catalog& catalog, std::string_view model_id);

}  // namespace switchyard::api
