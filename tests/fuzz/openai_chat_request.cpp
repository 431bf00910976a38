// Fuzzes the client-facing request parser with arbitrary bodies. Whatever it accepts must
// survive the trip to a provider: the OpenAI body written from the canonical request (for both
// flavours) parses again, keeps the conversation's shape, and after one round trip writing and
// parsing again changes nothing.

#include <string>

#include "fuzz_util.hpp"
#include "ingress/openai_chat.hpp"
#include "providers/openai/openai.hpp"

namespace {

using switchyard::fuzz::Check;
namespace ingress = switchyard::ingress;
namespace openai = switchyard::providers::openai;

void RoundTrip(const switchyard::canonical::ChatRequest& request, openai::Flavor flavor) {
    switchyard::providers::Target target;
    target.upstream_model = request.model;
    const std::string body = openai::WriteChatBody(request, target, flavor);
    Check(switchyard::fuzz::IsJson(body), "the upstream body is valid JSON");

    auto again = ingress::ParseChatRequest(body);
    if (!again) {
        std::fprintf(stderr, "re-parse failed: %s\nbody: %s\n", again.error().message.c_str(),
                     body.c_str());
    }
    Check(again.has_value(), "the upstream body parses as a chat request");
    Check(again->model == request.model, "the model survives");
    Check(again->messages.size() == request.messages.size(), "every message survives");
    Check(again->stream == request.stream, "the stream flag survives");
    for (std::size_t i = 0; i < request.messages.size(); ++i) {
        Check(again->messages[i].tool_calls.size() == request.messages[i].tool_calls.size(),
              "every tool call survives");
        Check(again->messages[i].content.size() == request.messages[i].content.size(),
              "every content part survives");
    }

    // One round trip may normalise (simdjson reads -0 as the integer 0); after it, writing and
    // parsing must be a fixed point.
    target.upstream_model = again->model;
    const std::string body_again = openai::WriteChatBody(*again, target, flavor);
    auto third = ingress::ParseChatRequest(body_again);
    Check(third.has_value(), "the re-written body parses again");
    const std::string body_third = openai::WriteChatBody(*third, target, flavor);
    if (body_third != body_again) {
        std::fprintf(stderr, "second: %s\nthird:  %s\n", body_again.c_str(), body_third.c_str());
    }
    Check(body_third == body_again, "writing a re-parsed request is stable");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // As the server hands it over: a std::string with room for simdjson's padding.
    std::string body;
    body.reserve(size + simdjson::SIMDJSON_PADDING);
    body.assign(reinterpret_cast<const char*>(data), size);
    auto request = ingress::ParseChatRequest(body);
    if (!request) {
        Check(!request.error().message.empty(), "a rejected request says why");
        return 0;
    }
    RoundTrip(*request, openai::Flavor::kOpenAi);
    RoundTrip(*request, openai::Flavor::kCompatible);
    return 0;
}
