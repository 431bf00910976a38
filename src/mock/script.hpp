#pragma once
// The mock provider's behaviour as pure functions: what to answer to a request (content,
// usage, pacing, faults), in the OpenAI chat format. The server in mock/server.cpp only plays
// the script out over a socket. Content is deterministic (a function of the request), so tests
// can compare a streamed answer with a non-streamed one.
//
// Faults and pacing are chosen per request by the upstream model name: `<name>+<directive>...`
// e.g. "mock+fail-429", "mock+reset-mid-stream", "mock+tokens-200+tps-50". Directives:
//   fail-<status>            answer with that HTTP status and an OpenAI error body
//   reset-before-headers     close the connection (RST) without answering
//   reset-mid-stream         RST after a few chunks
//   stall                    never answer (until the client gives up)
//   stall-mid-stream         stop sending after a few chunks, connection left open
//   malformed-sse            a data line that is not JSON, after a few chunks
//   malformed-json           (non-streamed) a body that is not JSON
//   truncated                stream: end the body cleanly but without finish_reason/[DONE];
//                            non-streamed: Content-Length larger than the body, then close
//   wrong-content-type       stream served as text/html
//   error-in-stream          a 200 stream that carries an error event after a few chunks
//   no-usage                 never report usage
//   tool-call                answer with a call to the request's first tool
//   tokens-<n>, ttft-<ms>, tps-<n>   length and pacing (override the mock's defaults)

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "canonical/chat.hpp"

namespace switchyard::mock {

enum class Fault {
    kNone,
    kHttpStatus,
    kResetBeforeHeaders,
    kResetMidStream,
    kStall,
    kStallMidStream,
    kMalformedSse,
    kMalformedJson,
    kTruncated,
    kWrongContentType,
    kErrorInStream,
};

struct Defaults {
    std::int64_t tokens = 24;         // completion length
    std::int64_t ttft_ms = 0;         // delay before the first token
    std::int64_t tokens_per_s = 0;    // 0: as fast as possible
};

struct Plan {
    Fault fault = Fault::kNone;
    int status = 200;           // for kHttpStatus
    bool usage = true;          // report usage
    bool tool_call = false;
    std::int64_t ttft_ms = 0;
    std::int64_t tokens_per_s = 0;
    std::vector<std::string> tokens;  // completion pieces; concatenated they are the content
    std::string finish_reason = "stop";
    std::int64_t prompt_tokens = 0;
    std::string id;     // chatcmpl-... derived from the request
    std::string model;  // echoed back
    std::string tool_name;
    std::string tool_arguments;
    /// After how many tokens a mid-stream fault strikes.
    std::size_t fault_after = 3;
};

/// Decides the answer to `request` addressed to upstream model `model`.
Plan MakePlan(std::string_view model, const canonical::ChatRequest& request, const Defaults& defaults);

/// The full completion text of a plan.
std::string Content(const Plan& plan);

/// Bodies in OpenAI's wire format.
std::string CompletionJson(const Plan& plan, std::int64_t created);
std::string RoleChunk(const Plan& plan, std::int64_t created);
std::string TokenChunk(const Plan& plan, std::int64_t created, std::string_view token);
std::string ToolCallChunks(const Plan& plan, std::int64_t created);  // several `data:` events
std::string FinishChunk(const Plan& plan, std::int64_t created);
std::string UsageChunk(const Plan& plan, std::int64_t created);
std::string ErrorBody(int status, std::string_view message);

std::int64_t CompletionTokens(const Plan& plan);

}  // namespace switchyard::mock
