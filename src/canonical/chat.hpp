#pragma once
// The canonical chat model: what every ingress format (OpenAI chat, Anthropic Messages, OpenAI
// Responses, legacy completions) parses into and every provider adapter translates from, and
// the response and stream events that adapters produce and ingress encoders serialise.
//
// Plain data, owned strings, no I/O. Opaque provider-specific JSON (tool schemas, logit bias,
// reasoning_details) is carried as raw JSON text and copied verbatim where the target accepts it.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace switchyard::canonical {

enum class Role : std::uint8_t { kSystem, kDeveloper, kUser, kAssistant, kTool };

std::string_view RoleName(Role role);

/// Anthropic-style prompt-caching hint on a content block or tool.
struct CacheControl {
    std::string type = "ephemeral";
    std::string ttl;  // "5m", "1h" or empty
};

enum class PartKind : std::uint8_t { kText, kImage, kFile, kInputAudio };

struct ContentPart {
    PartKind kind = PartKind::kText;
    std::string text;        // kText
    std::string url;         // kImage: http(s) URL or data: URI; kFile: file_data (data URI or URL)
    std::string detail;      // kImage: "auto" | "low" | "high"
    std::string filename;    // kFile
    std::string audio_data;  // kInputAudio: base64
    std::string audio_format;
    std::optional<CacheControl> cache_control;
};

struct ToolCall {
    std::string id;
    std::string name;
    std::string arguments;  // JSON text as produced by the model
};

struct Message {
    Role role = Role::kUser;
    std::vector<ContentPart> content;
    /// True when the client sent `content` as a plain string (kept so echoing preserves shape).
    bool content_is_string = true;
    bool content_is_null = false;  // assistant turns with only tool calls
    std::string name;
    std::vector<ToolCall> tool_calls;  // assistant
    std::string tool_call_id;          // tool
    std::string reasoning;             // assistant, from a previous turn
    std::string reasoning_details;     // raw JSON array, returned unchanged for continuity
    std::string refusal;

    /// Concatenated text of the text parts.
    std::string Text() const;
};

struct Tool {
    std::string name;
    std::string description;
    std::string parameters;  // raw JSON schema; empty when absent
    std::optional<bool> strict;
    std::optional<CacheControl> cache_control;
};

struct ToolChoice {
    enum class Kind : std::uint8_t { kUnset, kAuto, kNone, kRequired, kFunction };
    Kind kind = Kind::kUnset;
    std::string function_name;
};

struct ResponseFormat {
    enum class Kind : std::uint8_t { kUnset, kText, kJsonObject, kJsonSchema };
    Kind kind = Kind::kUnset;
    std::string name;
    std::string description;
    std::string schema;  // raw JSON
    std::optional<bool> strict;
};

struct Reasoning {
    std::string effort;  // "minimal" | "low" | "medium" | "high" | ... ; empty when unset
    std::optional<std::int64_t> max_tokens;
    bool exclude = false;
    std::optional<bool> enabled;
    bool IsSet() const { return !effort.empty() || max_tokens.has_value() || enabled.has_value() || exclude; }
};

struct MaxPrice {
    std::optional<std::string> prompt, completion, request, image;  // decimal USD strings
};

/// OpenRouter's `provider` routing preferences.
struct ProviderPreferences {
    std::vector<std::string> order, only, ignore, quantizations;
    std::optional<bool> allow_fallbacks, require_parameters, zdr;
    std::string data_collection;  // "allow" | "deny"
    std::string sort;             // "price" | "throughput" | "latency"
    MaxPrice max_price;
    std::optional<double> preferred_min_throughput;
    std::optional<double> preferred_max_latency;
};

struct Sampling {
    std::optional<double> temperature, top_p, min_p, top_a, frequency_penalty, presence_penalty,
        repetition_penalty;
    std::optional<std::int64_t> top_k, seed, top_logprobs;
    std::optional<std::int64_t> max_tokens;
    /// Which field carried the limit: OpenAI's newer `max_completion_tokens` or `max_tokens`.
    bool max_is_completion_tokens = false;
    std::vector<std::string> stop;
    std::optional<bool> logprobs, parallel_tool_calls;
    std::string logit_bias;  // raw JSON object
};

struct ChatRequest {
    std::string model;                // as requested, possibly with a :variant suffix
    std::vector<std::string> models;  // fallback list
    std::vector<Message> messages;
    bool stream = false;
    Sampling sampling;
    std::vector<Tool> tools;
    ToolChoice tool_choice;
    ResponseFormat response_format;
    Reasoning reasoning;
    ProviderPreferences provider;
    std::string user;
    std::string session_id;
    std::string metadata;  // raw JSON object
    /// Names of the OpenAI/OpenRouter parameters the client actually set (e.g. "temperature",
    /// "tools"): endpoints are checked against these for `supported_parameters`.
    std::vector<std::string> parameters;
    /// Unknown top-level fields, as raw JSON, passed through to OpenAI-compatible upstreams only.
    std::vector<std::pair<std::string, std::string>> extra;

    bool HasParameter(std::string_view name) const;
};

/// Token usage as reported by the provider (native counts), or estimated by switchyard.
struct Usage {
    std::int64_t prompt_tokens = 0;
    std::int64_t completion_tokens = 0;
    std::int64_t cached_tokens = 0;       // prompt tokens read from the provider's cache
    std::int64_t cache_write_tokens = 0;  // prompt tokens written to the cache
    std::int64_t reasoning_tokens = 0;    // part of completion_tokens
    std::int64_t audio_prompt_tokens = 0;
    std::int64_t image_count = 0;
    bool estimated = false;  // counted by switchyard because the provider gave none
    /// Saturates: the counts come from providers, which may report anything.
    std::int64_t Total() const {
        std::int64_t total = 0;
        if (__builtin_add_overflow(prompt_tokens, completion_tokens, &total)) {
            return completion_tokens > 0 ? INT64_MAX : INT64_MIN;
        }
        return total;
    }
};

/// Normalised finish reasons: "stop", "length", "tool_calls", "content_filter", "error".
struct Choice {
    int index = 0;
    Message message;  // role assistant
    std::string finish_reason;
    std::string native_finish_reason;
    std::string logprobs;  // raw JSON
};

struct ChatResponse {
    std::string upstream_id;
    std::string model;  // as reported upstream
    std::int64_t created = 0;
    std::vector<Choice> choices;
    std::optional<Usage> usage;
    std::string system_fingerprint;
    std::string service_tier;
};

struct ToolCallDelta {
    int index = 0;
    std::string id;    // on the first fragment
    std::string name;  // on the first fragment
    std::string arguments;  // a fragment of the JSON text
};

/// One choice's increment within a stream chunk.
struct ChoiceDelta {
    int index = 0;
    bool role = false;  // emit role "assistant" (first chunk)
    std::string content;
    std::string reasoning;
    std::string reasoning_details;  // raw JSON array fragment
    std::string refusal;
    std::vector<ToolCallDelta> tool_calls;
    std::string finish_reason;  // set on the last delta of the choice
    std::string native_finish_reason;
    std::string logprobs;  // raw JSON
};

/// What a stream translator emits for one upstream event: increments, usage, or an error. The
/// relay encodes each into the client's wire format.
struct StreamChunk {
    std::vector<ChoiceDelta> choices;
    std::optional<Usage> usage;
    std::string upstream_id;
    std::string model;
    std::string system_fingerprint;
};

// --- embeddings ----------------------------------------------------------------------------

struct EmbeddingRequest {
    std::string model;
    std::vector<std::string> inputs;            // text inputs
    bool input_was_string = false;              // `input` was one string, not an array
    std::optional<std::int64_t> dimensions;
    std::string encoding_format;                // "float" (default) or "base64"
    std::string input_type;                     // e.g. "search_query" (Cohere/Voyage-style hosts)
    std::string user;
    ProviderPreferences provider;
    std::vector<std::pair<std::string, std::string>> extra;  // unknown fields, raw JSON
};

struct EmbeddingResponse {
    std::string model;
    /// One vector per input, in input order; floats as the provider sent them (kept as raw JSON
    /// array text, or base64 when asked for) so no precision is lost in transit.
    std::vector<std::string> vectors;
    bool base64 = false;
    std::optional<Usage> usage;  // prompt_tokens only
};

}  // namespace switchyard::canonical
