#pragma once
// A provider adapter turns the canonical request into the provider's HTTP request and the
// provider's answers (JSON bodies, stream events, error bodies) back into canonical values.
//
// Adapters are pure: no sockets, clocks or logging. Everything time- or key-dependent arrives in
// `Target`. That keeps them cheap to golden-test and to fuzz; the I/O lives in api/ and net/.
// Each adapter has its own directory and namespace under providers/, and the built-in ones are
// listed once in registry.cpp (no static-initialisation registries).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "canonical/chat.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "sse/parser.hpp"

namespace switchyard::providers {

using Status = core::Result<void>;

struct Header {
    std::string name;
    std::string value;
};

/// What to send: path (with query) relative to the provider's base URL, headers and body.
struct HttpRequest {
    std::string method = "POST";
    std::string path;
    std::vector<Header> headers;
    std::string body;
};

/// The endpoint-specific facts a translator needs for one attempt.
struct Target {
    std::string_view upstream_model;
    const config::ProviderConfig* provider = nullptr;  // key, base URL, options
    /// Parameters the endpoint does not support: omitted from the upstream request.
    const std::vector<std::string>* dropped_parameters = nullptr;
    core::SystemTime now{};  // for request signing
    /// The endpoint's output limit (0: unknown), for APIs that require max_tokens (Anthropic).
    std::int64_t max_completion_tokens = 0;

    bool Dropped(std::string_view parameter) const;
};

/// Splits a streamed upstream body into events. SSE for most providers; AWS's binary
/// event-stream for Bedrock, whose messages are mapped to events (`event` = `:event-type`,
/// `data` = the payload). One instance per attempt; not thread-safe.
class Framer {
public:
    virtual ~Framer() = default;
    /// Consumes `bytes`; calls `on_event` for each complete event. kEventTooLarge (or a corrupt
    /// frame) ends the stream as malformed.
    virtual sse::FeedStatus Feed(std::string_view bytes, const std::function<void(const sse::Event&)>& on_event) = 0;
};

/// The SSE framer (sse::Parser).
std::unique_ptr<Framer> MakeSseFramer();

/// Translates one streamed response. One instance per attempt; not thread-safe.
class StreamTranslator {
public:
    virtual ~StreamTranslator() = default;
    /// Translates one upstream event (an SSE event, or an event-stream message mapped to one),
    /// appending zero or more chunks. An error event from the provider, or data that cannot be
    /// understood, is returned as an Error; the relay then ends the stream with it.
    virtual Status OnEvent(const sse::Event& event, std::vector<canonical::StreamChunk>& out) = 0;
    /// The upstream body ended. Returns kUpstreamTruncated unless the provider signalled a
    /// proper end (e.g. OpenAI's [DONE], Anthropic's message_stop).
    virtual Status OnEnd(std::vector<canonical::StreamChunk>& out) = 0;
};

class Adapter {
public:
    virtual ~Adapter() = default;
    /// The `adapter` name used in configuration.
    virtual std::string_view name() const = 0;
    /// The framer for this adapter's streamed bodies (SSE unless overridden).
    virtual std::unique_ptr<Framer> NewFramer() const { return MakeSseFramer(); }
    /// The Content-Type a streamed answer must have (checked before relaying).
    virtual std::string_view StreamContentType() const { return "text/event-stream"; }

    virtual core::Result<HttpRequest> BuildChat(const canonical::ChatRequest& request, const Target& target) const = 0;
    /// Parses a successful (2xx) non-streamed response body.
    virtual core::Result<canonical::ChatResponse> ParseChat(std::string_view body) const = 0;
    /// Classifies a non-2xx response into an Error carrying the provider's message and raw body.
    virtual core::Error ParseError(int status, std::string_view body, std::optional<std::int64_t> retry_after_s,
                                   std::string_view provider_name) const = 0;
    virtual std::unique_ptr<StreamTranslator> NewStreamTranslator() const = 0;

    /// Embeddings; adapters whose providers have none keep these defaults (kNoEndpoint).
    virtual core::Result<HttpRequest> BuildEmbeddings(const canonical::EmbeddingRequest& request,
                                                      const Target& target) const;
    virtual core::Result<canonical::EmbeddingResponse> ParseEmbeddings(std::string_view body) const;
};

}  // namespace switchyard::providers
