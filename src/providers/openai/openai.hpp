#pragma once
// OpenAI Chat Completions, and every host that speaks it ("openai-compatible"). The same
// translators serve both; the flavour decides the few places where OpenAI itself differs
// (developer role, max_completion_tokens).

#include "providers/adapter.hpp"

namespace switchyard::providers::openai {

enum class Flavor { kOpenAi, kCompatible };

class OpenAiAdapter final : public Adapter {
public:
    explicit OpenAiAdapter(Flavor flavor = Flavor::kCompatible) : flavor_(flavor) {}

    std::string_view name() const override { return flavor_ == Flavor::kOpenAi ? "openai" : "openai-compatible"; }
    core::Result<HttpRequest> BuildChat(const canonical::ChatRequest& request, const Target& target) const override;
    core::Result<canonical::ChatResponse> ParseChat(std::string_view body) const override;
    core::Error ParseError(int status, std::string_view body, std::optional<std::int64_t> retry_after_s,
                           std::string_view provider_name) const override;
    std::unique_ptr<StreamTranslator> NewStreamTranslator() const override;

private:
    Flavor flavor_;
};

/// Writes the body of an OpenAI chat request (shared with golden tests and the mock).
std::string WriteChatBody(const canonical::ChatRequest& request, const Target& target, Flavor flavor);

/// Maps a provider's finish reason onto OpenRouter's normalised set.
std::string_view NormalizeFinishReason(std::string_view native);

}  // namespace switchyard::providers::openai
