#pragma once
// The OpenAI chat completions wire format as clients speak it to switchyard, with OpenRouter's
// extensions: parsing a request into the canonical model, and encoding canonical responses,
// stream chunks and errors back. Pure: no I/O.

#include <cstdint>
#include <string>
#include <string_view>

#include "billing/pricing.hpp"
#include "canonical/chat.hpp"
#include "core/error.hpp"

namespace switchyard::ingress {

/// Parses an OpenAI/OpenRouter chat completions request body. Errors say what is wrong and
/// where ("messages[1].content: expected a string or an array of content parts").
core::Result<canonical::ChatRequest> ParseChatRequest(std::string_view body);
/// As above, for a body whose std::string capacity may already hold simdjson's padding.
core::Result<canonical::ChatRequest> ParseChatRequest(const std::string& body);

/// What switchyard adds to every response: its own ids, the public model id and the provider.
struct ResponseMeta {
    std::string_view generation_id;  // gen-...
    std::string_view model;          // the public model id that served the request
    std::string_view provider_name;  // display name of the provider
    std::int64_t created = 0;
    bool is_byok = false;
};

/// Appends the non-streamed chat.completion body.
void EncodeChatResponse(std::string& out, const canonical::ChatResponse& response, const canonical::Usage& usage,
                        const billing::Cost& cost, const ResponseMeta& meta);

/// Appends one `data: {chat.completion.chunk}\n\n` event carrying the chunk's choices (its usage,
/// if any, is ignored: usage and cost are sent once, by EncodeUsageChunk).
void EncodeChunk(std::string& out, const canonical::StreamChunk& chunk, const ResponseMeta& meta);
/// Appends the final usage chunk (`choices: []`, usage with cost).
void EncodeUsageChunk(std::string& out, const canonical::Usage& usage, const billing::Cost& cost,
                      const ResponseMeta& meta);
/// Appends the terminal error chunk of a stream that failed after it started: the error, a
/// `finish_reason: "error"` choice and the usage so far.
void EncodeErrorChunk(std::string& out, const core::Error& error, const canonical::Usage& usage,
                      const billing::Cost& cost, const ResponseMeta& meta);
/// Appends `data: [DONE]\n\n`.
void EncodeDone(std::string& out);

/// The OpenRouter error body: {"error":{"code":N,"message":"...","metadata":{...}}}.
void EncodeErrorBody(std::string& out, const core::Error& error);

}  // namespace switchyard::ingress
