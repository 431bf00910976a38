#include "routing/catalog.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace switchyard::routing {
namespace {

constexpr std::string_view kDefaultParameters[] = {
    "max_tokens", "temperature", "top_p", "stop", "frequency_penalty", "presence_penalty", "seed",
    "tools", "tool_choice", "parallel_tool_calls", "response_format", "structured_outputs",
    "logit_bias", "logprobs", "top_logprobs",
};

std::string TitleFromSlug(std::string_view id) {
    const std::size_t slash = id.find('/');
    std::string slug(slash == std::string_view::npos ? id : id.substr(slash + 1));
    bool upper = true;
    for (char& c : slug) {
        if (c == '-' || c == '_') {
            c = ' ';
            upper = true;
        } else if (upper && c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 32);
            upper = false;
        } else {
            upper = false;
        }
    }
    return slug;
}

}  // namespace

std::span<const std::string_view> DefaultSupportedParameters() { return kDefaultParameters; }

bool Endpoint::Supports(std::string_view parameter) const {
    if (supported_parameters.empty()) {
        return true;
    }
    return std::find(supported_parameters.begin(), supported_parameters.end(), parameter) !=
           supported_parameters.end();
}

std::shared_ptr<const Catalog> Catalog::FromConfig(const config::Config& config) {
    auto catalog = std::make_shared<Catalog>();
    std::map<std::string, const Provider*> providers;
    for (const config::ProviderConfig& provider_config : config.providers) {
        auto provider = std::make_unique<Provider>();
        provider->config = provider_config;
        provider->routable = !provider_config.key_missing;
        providers[provider->id()] = provider.get();
        catalog->providers_.push_back(std::move(provider));
    }

    std::map<std::string, std::unique_ptr<Model>> models;
    for (const config::EndpointConfig& entry : config.endpoints) {
        auto found = providers.find(entry.provider);
        if (found == providers.end()) {
            continue;  // validation already reported it
        }
        auto endpoint = std::make_unique<Endpoint>();
        endpoint->model_id = entry.model;
        endpoint->provider = found->second;
        endpoint->upstream_model = entry.upstream_model;
        endpoint->prices = billing::Prices{entry.prompt_price,      entry.completion_price, entry.cache_read_price,
                                           entry.cache_write_price, entry.request_price,    entry.image_price};
        endpoint->context_length = entry.context_length;
        endpoint->max_completion_tokens = entry.max_completion_tokens;
        endpoint->supported_parameters = entry.supported_parameters;
        endpoint->quantization = entry.quantization;

        std::unique_ptr<Model>& model = models[entry.model];
        if (!model) {
            model = std::make_unique<Model>();
            model->id = entry.model;
            model->author = entry.model.substr(0, entry.model.find('/'));
            model->name = entry.name.empty() ? TitleFromSlug(entry.model) : entry.name;
            model->input_modalities = entry.input_modalities;
            model->output_modalities = entry.output_modalities;
            model->kind = entry.kind == "embedding" ? ModelKind::kEmbedding : ModelKind::kChat;
        }
        model->context_length = std::max(model->context_length, entry.context_length);
        model->endpoints.push_back(endpoint.get());
        catalog->endpoints_.push_back(std::move(endpoint));
    }

    for (auto& [id, model] : models) {
        std::set<std::string> parameters;
        for (const Endpoint* endpoint : model->endpoints) {
            if (endpoint->supported_parameters.empty()) {
                parameters.insert(kDefaultParameters, kDefaultParameters + std::size(kDefaultParameters));
            } else {
                parameters.insert(endpoint->supported_parameters.begin(), endpoint->supported_parameters.end());
            }
        }
        model->supported_parameters.assign(parameters.begin(), parameters.end());
        catalog->models_.push_back(std::move(model));
    }
    for (const auto& model : catalog->models_) {
        catalog->by_id_[model->id] = model.get();
    }
    return catalog;
}

const Model* Catalog::FindModel(std::string_view id) const {
    auto found = by_id_.find(id);
    return found == by_id_.end() ? nullptr : found->second;
}

const Provider* Catalog::FindProvider(std::string_view id) const {
    for (const auto& provider : providers_) {
        if (provider->id() == id) {
            return provider.get();
        }
    }
    return nullptr;
}

}  // namespace switchyard::routing
