#pragma once
// A small configuration shared by the routing tests: three providers (one without its key) and
// models served by one or several of them.

#include <string>
#include <vector>

#include "config/config.hpp"

namespace switchyard::routing::testing {

inline config::ProviderConfig MakeProvider(std::string id, std::string name,
                                           bool key_missing = false) {
    config::ProviderConfig provider;
    provider.id = std::move(id);
    provider.name = std::move(name);
    provider.adapter = "openai-compatible";
    provider.base_url = "http://127.0.0.1:1/v1";
    provider.key_missing = key_missing;
    return provider;
}

inline config::EndpointConfig MakeEndpoint(std::string model, std::string provider,
                                           core::Picodollars prompt, core::Picodollars completion,
                                           std::vector<std::string> parameters = {}) {
    config::EndpointConfig endpoint;
    endpoint.model = std::move(model);
    endpoint.provider = std::move(provider);
    endpoint.upstream_model = endpoint.model.substr(endpoint.model.find('/') + 1);
    endpoint.prompt_price = prompt;
    endpoint.completion_price = completion;
    endpoint.supported_parameters = std::move(parameters);
    return endpoint;
}

inline config::Config SampleConfig() {
    config::Config config;
    config.providers = {MakeProvider("openai", "OpenAI"),
                        MakeProvider("together", "Together", true), MakeProvider("local", "Local")};
    config::EndpointConfig mini_openai = MakeEndpoint(
        "openai/gpt-4o-mini", "openai", 150'000, 600'000, {"tools", "temperature", "max_tokens"});
    mini_openai.context_length = 128'000;
    mini_openai.max_completion_tokens = 16'384;
    mini_openai.name = "GPT-4o mini";
    mini_openai.input_modalities = {"text", "image"};
    config::EndpointConfig mini_local =
        MakeEndpoint("openai/gpt-4o-mini", "local", 100'000, 400'000);
    mini_local.context_length = 64'000;
    mini_local.quantization = "int4";
    config::EndpointConfig llama = MakeEndpoint("meta-llama/llama-3.3-70b-instruct", "together",
                                                880'000, 880'000, {"temperature", "top_k"});
    llama.context_length = 131'072;
    config::EndpointConfig image = MakeEndpoint("google/gemini-2.5-flash-image", "openai", 300'000,
                                                2'500'000, {"temperature", "seed"});
    image.output_modalities = {"image", "text"};
    image.input_modalities = {"text", "image"};
    image.cache_read_price = 75'000;
    config.endpoints = {mini_openai, llama, mini_local, image};
    return config;
}

}  // namespace switchyard::routing::testing
