#pragma once
// A mock provider's wire format: how it reads a request and writes answers, streams and errors.
// The script (script.hpp) decides what to answer; a Format says it in one provider's dialect,
// so `switchyard mock --format <name>` serves the same scripted behaviour in any format the
// gateway has an adapter for. Pure functions of their inputs; the server does the I/O.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "canonical/chat.hpp"
#include "core/error.hpp"
#include "mock/script.hpp"

namespace switchyard::mock {

struct MockRequest {
    canonical::ChatRequest request;  // model (possibly from the path), messages, tools, limits
    bool stream = false;
};

class Format {
public:
    virtual ~Format() = default;
    virtual std::string_view name() const = 0;
    /// True when (method, path) is this format's chat endpoint.
    virtual bool Serves(std::string_view method, std::string_view path) const = 0;
    virtual core::Result<MockRequest> ParseRequest(std::string_view path, std::string_view query,
                                                   std::string_view body) const = 0;
    /// Checks the request's credentials (header lookup by lower-case name); empty `key` accepts
    /// anything. Returns false to answer 401.
    virtual bool Authorized(const std::function<std::string_view(std::string_view)>& header,
                            std::string_view key) const;

    virtual std::string_view StreamContentType() const { return "text/event-stream"; }
    virtual std::string Completion(const Plan& plan, std::int64_t created) const = 0;
    virtual std::string ErrorBody(int status, std::string_view message) const = 0;
    virtual std::string StreamStart(const Plan& plan, std::int64_t created) const = 0;
    virtual std::string StreamToken(const Plan& plan, std::int64_t created, std::string_view token) const = 0;
    virtual std::string StreamToolCall(const Plan& plan, std::int64_t created) const = 0;
    /// Finish reason, usage (when the plan reports it) and the format's end-of-stream marker.
    virtual std::string StreamFinish(const Plan& plan, std::int64_t created) const = 0;
    /// An error event inside a 200 stream.
    virtual std::string StreamErrorEvent(const Plan& plan) const = 0;
    /// Bytes that do not parse in this format (a broken event).
    virtual std::string StreamMalformed() const = 0;
};

/// The formats the mock speaks, by `--format` name; nullptr for an unknown name.
std::unique_ptr<Format> MakeFormat(std::string_view name);
/// "openai, azure, ..." for help and errors.
std::string FormatNames();

}  // namespace switchyard::mock
