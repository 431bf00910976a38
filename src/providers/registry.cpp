#include "providers/registry.hpp"

#include "providers/openai/openai.hpp"

namespace switchyard::providers {

void Registry::Add(std::string_view config_name, std::shared_ptr<const Adapter> adapter) {
    adapters_.emplace_back(std::string(config_name), std::move(adapter));
}

const Adapter* Registry::Find(std::string_view config_name) const {
    for (const auto& [name, adapter] : adapters_) {
        if (name == config_name) {
            return adapter.get();
        }
    }
    return nullptr;
}

Registry BuiltinAdapters() {
    Registry registry;
    registry.Add("openai", std::make_shared<openai::OpenAiAdapter>(openai::Flavor::kOpenAi));
    registry.Add("openai-compatible", std::make_shared<openai::OpenAiAdapter>(openai::Flavor::kCompatible));
    return registry;
}

}  // namespace switchyard::providers
