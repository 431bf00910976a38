// The OpenAI chat completions dialect, and Azure OpenAI's (same bodies, deployment in the path,
// `api-key` header).

#include "mock/formats/openai.hpp"

#include "auth/auth.hpp"
#include "ingress/openai_chat.hpp"

namespace switchyard::mock {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

bool Format::Authorized(const std::function<std::string_view(std::string_view)>& header, std::string_view key) const {
    if (key.empty()) {
        return true;
    }
    auto token = auth::BearerToken(header("authorization"));
    return token && *token == key;
}

bool OpenAiFormat::Serves(std::string_view method, std::string_view path) const {
    return method == "POST" && EndsWith(path, "/chat/completions");
}

core::Result<MockRequest> OpenAiFormat::ParseRequest(std::string_view /*path*/, std::string_view /*query*/,
                                                     std::string_view body) const {
    auto request = ingress::ParseChatRequest(body);
    if (!request) {
        return request.error();
    }
    MockRequest out;
    out.stream = request->stream;
    out.request = std::move(*request);
    return out;
}

std::string OpenAiFormat::Completion(const Plan& plan, std::int64_t created) const {
    return CompletionJson(plan, created);
}
std::string OpenAiFormat::ErrorBody(int status, std::string_view message) const {
    return mock::ErrorBody(status, message);
}
std::string OpenAiFormat::StreamStart(const Plan& plan, std::int64_t created) const { return RoleChunk(plan, created); }
std::string OpenAiFormat::StreamToken(const Plan& plan, std::int64_t created, std::string_view token) const {
    return TokenChunk(plan, created, token);
}
std::string OpenAiFormat::StreamToolCall(const Plan& plan, std::int64_t created) const {
    return ToolCallChunks(plan, created);
}
std::string OpenAiFormat::StreamFinish(const Plan& plan, std::int64_t created) const {
    std::string out = FinishChunk(plan, created);
    if (plan.usage) {
        out += UsageChunk(plan, created);
    }
    out += "data: [DONE]\n\n";
    return out;
}
std::string OpenAiFormat::StreamErrorEvent(const Plan& /*plan*/) const {
    return "data: {\"error\":{\"message\":\"Mock upstream failure mid-stream\",\"type\":\"server_error\",\"code\":500}}\n\n";
}
std::string OpenAiFormat::StreamMalformed() const {
    return "data: {\"id\":\"chatcmpl-mock\",\"choices\":[{\"delta\":{\"content\n\n";
}

bool AzureFormat::Serves(std::string_view method, std::string_view path) const {
    return method == "POST" && path.rfind("/openai/deployments/", 0) == 0 && EndsWith(path, "/chat/completions");
}

core::Result<MockRequest> AzureFormat::ParseRequest(std::string_view path, std::string_view query,
                                                    std::string_view body) const {
    if (query.find("api-version=") == std::string_view::npos) {
        return core::MakeError(core::Errc::kInvalidRequest, "api-version query parameter is required");
    }
    auto out = OpenAiFormat::ParseRequest(path, query, body);
    if (!out) {
        return out;
    }
    // The deployment in the path names the model; the body's `model` is ignored by Azure.
    constexpr std::string_view kPrefix = "/openai/deployments/";
    std::string_view rest = path.substr(kPrefix.size());
    out->request.model = std::string(rest.substr(0, rest.find('/')));
    return out;
}

bool AzureFormat::Authorized(const std::function<std::string_view(std::string_view)>& header,
                             std::string_view key) const {
    return key.empty() || header("api-key") == key;
}

}  // namespace switchyard::mock
