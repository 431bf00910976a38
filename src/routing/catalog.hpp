#pragma once
// The catalog: providers, models and the endpoints that serve each model (one model served by
// one provider at one price). Immutable once built; a configuration reload builds a new one.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "billing/pricing.hpp"
#include "config/config.hpp"

namespace switchyard::routing {

enum class ModelKind : std::uint8_t { kChat, kEmbedding };

struct Provider {
    config::ProviderConfig config;
    /// False when the provider needs a key and none is configured: listed, never routed to.
    bool routable = true;
    const std::string& id() const { return config.id; }
    const std::string& name() const { return config.name; }
};

struct Endpoint {
    std::string model_id;
    const Provider* provider = nullptr;
    std::string upstream_model;
    billing::Prices prices;
    std::int64_t context_length = 0;
    std::int64_t max_completion_tokens = 0;
    /// Empty means the adapter's defaults apply (no parameter is dropped).
    std::vector<std::string> supported_parameters;
    std::string quantization;

    bool Supports(std::string_view parameter) const;
};

struct Model {
    std::string id;  // author/slug
    ModelKind kind = ModelKind::kChat;
    std::string name;
    std::string author;
    std::int64_t created = 0;
    std::int64_t context_length = 0;  // the largest among its endpoints
    std::vector<std::string> input_modalities;
    std::vector<std::string> output_modalities;
    std::vector<const Endpoint*> endpoints;
    /// Union of its endpoints' parameters, for /models.
    std::vector<std::string> supported_parameters;
};

class Catalog {
public:
    /// Builds the catalog from the configuration's providers and endpoints.
    static std::shared_ptr<const Catalog> FromConfig(const config::Config& config);

    const Model* FindModel(std::string_view id) const;
    const Provider* FindProvider(std::string_view id) const;
    const std::vector<std::unique_ptr<Model>>& models() const { return models_; }
    const std::vector<std::unique_ptr<Provider>>& providers() const { return providers_; }

private:
    std::vector<std::unique_ptr<Provider>> providers_;
    std::vector<std::unique_ptr<Endpoint>> endpoints_;
    std::vector<std::unique_ptr<Model>> models_;  // sorted by id
    std::unordered_map<std::string_view, const Model*> by_id_;
};

/// The parameters an OpenAI-compatible endpoint supports when its entry lists none.
std::span<const std::string_view> DefaultSupportedParameters();

}  // namespace switchyard::routing
