#pragma once
// How an answer is written back in the API format the client used (OpenAI chat completions,
// Anthropic Messages, OpenAI Responses, legacy completions). The relay in api/chat.cpp is the
// same for all of them; only this encoder differs. One instance per request: some formats
// number their events or content blocks. Pure: appends bytes to a string.

#include <memory>
#include <string>
#include <string_view>

#include "billing/pricing.hpp"
#include "canonical/chat.hpp"
#include "core/error.hpp"
#include "ingress/openai_chat.hpp"

namespace switchyard::ingress {

class Egress {
public:
    virtual ~Egress() = default;

    /// A complete (non-streamed) answer.
    virtual void Response(std::string& out, const canonical::ChatResponse& response, const canonical::Usage& usage,
                          const billing::Cost& cost, const ResponseMeta& meta) = 0;
    /// The body of an HTTP error answer.
    virtual void ErrorBody(std::string& out, const core::Error& error) = 0;

    /// Streamed: the increments of one upstream event (usage in `chunk` is ignored).
    virtual void StreamChunk(std::string& out, const canonical::StreamChunk& chunk, const ResponseMeta& meta) = 0;
    /// Streamed: the end of a successful stream, with usage and cost.
    virtual void StreamEnd(std::string& out, const canonical::Usage& usage, const billing::Cost& cost,
                           const ResponseMeta& meta) = 0;
    /// Streamed: a failure after the stream started, with the usage so far; ends the stream.
    virtual void StreamError(std::string& out, const core::Error& error, const canonical::Usage& usage,
                             const billing::Cost& cost, const ResponseMeta& meta) = 0;
};

/// OpenAI chat completions with OpenRouter's additions (the default API).
std::unique_ptr<Egress> MakeOpenAiChatEgress();

}  // namespace switchyard::ingress
