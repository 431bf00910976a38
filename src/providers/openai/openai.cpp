#include "providers/openai/openai.hpp"

#include <charconv>

#include "core/json.hpp"
#include "core/json_writer.hpp"
#include "providers/common/errors.hpp"

namespace switchyard::providers::openai {
namespace {

namespace json = core::json;
namespace dom = core::json::dom;
using canonical::ContentPart;
using canonical::PartKind;
using core::JsonWriter;

void WriteDouble(JsonWriter& w, double value) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    w.Raw(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

void WriteCacheControl(JsonWriter& w, const std::optional<canonical::CacheControl>& cache_control) {
    if (!cache_control) {
        return;
    }
    w.Key("cache_control").BeginObject().Key("type").String(cache_control->type);
    if (!cache_control->ttl.empty()) {
        w.Key("ttl").String(cache_control->ttl);
    }
    w.EndObject();
}

void WritePart(JsonWriter& w, const ContentPart& part) {
    w.BeginObject();
    switch (part.kind) {
        case PartKind::kText:
            w.Key("type").String("text").Key("text").String(part.text);
            break;
        case PartKind::kImage:
            w.Key("type").String("image_url").Key("image_url").BeginObject().Key("url").String(part.url);
            if (!part.detail.empty()) {
                w.Key("detail").String(part.detail);
            }
            w.EndObject();
            break;
        case PartKind::kFile:
            w.Key("type").String("file").Key("file").BeginObject();
            if (!part.filename.empty()) {
                w.Key("filename").String(part.filename);
            }
            w.Key("file_data").String(part.url).EndObject();
            break;
        case PartKind::kInputAudio:
            w.Key("type").String("input_audio").Key("input_audio").BeginObject();
            w.Key("data").String(part.audio_data).Key("format").String(part.audio_format).EndObject();
            break;
    }
    WriteCacheControl(w, part.cache_control);
    w.EndObject();
}

bool IsPlainText(const canonical::Message& message) {
    for (const ContentPart& part : message.content) {
        if (part.kind != PartKind::kText || part.cache_control) {
            return false;
        }
    }
    return true;
}

void WriteMessage(JsonWriter& w, const canonical::Message& message, Flavor flavor) {
    w.BeginObject();
    canonical::Role role = message.role;
    if (role == canonical::Role::kDeveloper && flavor == Flavor::kCompatible) {
        role = canonical::Role::kSystem;  // most compatible hosts predate the developer role
    }
    w.Key("role").String(canonical::RoleName(role));
    w.Key("content");
    if (message.content.empty() && (message.content_is_null || !message.tool_calls.empty())) {
        w.Null();
    } else if (message.content_is_string && IsPlainText(message)) {
        w.String(message.Text());
    } else {
        w.BeginArray();
        for (const ContentPart& part : message.content) {
            WritePart(w, part);
        }
        w.EndArray();
    }
    if (!message.name.empty()) {
        w.Key("name").String(message.name);
    }
    if (!message.tool_calls.empty()) {
        w.Key("tool_calls").BeginArray();
        for (const canonical::ToolCall& call : message.tool_calls) {
            w.BeginObject().Key("id").String(call.id).Key("type").String("function");
            w.Key("function").BeginObject().Key("name").String(call.name);
            w.Key("arguments").String(call.arguments).EndObject().EndObject();
        }
        w.EndArray();
    }
    if (message.role == canonical::Role::kTool || !message.tool_call_id.empty()) {
        // Required on tool messages, even when the client sent it empty.
        w.Key("tool_call_id").String(message.tool_call_id);
    }
    if (!message.refusal.empty()) {
        w.Key("refusal").String(message.refusal);
    }
    w.EndObject();
}

template <class T>
bool Get(dom::object object, std::string_view key, T& out) {
    return object[key].get(out) == simdjson::SUCCESS;
}

std::int64_t GetInt(dom::object object, std::string_view key) {
    std::int64_t value = 0;
    if (object[key].get(value) == simdjson::SUCCESS) {
        return value;
    }
    double d = 0;
    // A double outside int64's range cannot be converted (undefined behaviour): it counts as absent.
    if (object[key].get(d) == simdjson::SUCCESS && d >= -0x1p63 && d < 0x1p63) {
        return static_cast<std::int64_t>(d);
    }
    return 0;
}

/// Reads OpenAI's usage object (null and absent alike mean "no usage").
std::optional<canonical::Usage> ReadUsage(dom::object parent) {
    dom::object usage;
    if (!Get(parent, "usage", usage)) {
        return std::nullopt;
    }
    canonical::Usage out;
    out.prompt_tokens = GetInt(usage, "prompt_tokens");
    out.completion_tokens = GetInt(usage, "completion_tokens");
    dom::object details;
    if (Get(usage, "prompt_tokens_details", details)) {
        out.cached_tokens = GetInt(details, "cached_tokens");
        out.cache_write_tokens = GetInt(details, "cache_write_tokens");
        out.audio_prompt_tokens = GetInt(details, "audio_tokens");
    }
    if (Get(usage, "completion_tokens_details", details)) {
        out.reasoning_tokens = GetInt(details, "reasoning_tokens");
    }
    return out;
}

/// Content may be a string, null, or (some hosts) an array of text parts.
std::string ReadContent(dom::element content) {
    std::string_view text;
    if (content.get(text) == simdjson::SUCCESS) {
        return std::string(text);
    }
    std::string out;
    dom::array parts;
    if (content.get(parts) == simdjson::SUCCESS) {
        for (dom::element part : parts) {
            dom::object object;
            if (part.get(object) == simdjson::SUCCESS) {
                out.append(json::GetString(object, "text"));
            }
        }
    }
    return out;
}

std::string ReadReasoning(dom::object object) {
    std::string_view text;
    if (Get(object, "reasoning", text) || Get(object, "reasoning_content", text)) {
        return std::string(text);
    }
    return {};
}

core::Error StreamError(const dom::element* error_element, std::string_view raw) {
    dom::object error;
    std::string_view message = "Provider returned an error in the stream";
    std::string_view code;
    std::int64_t status = 200;
    if (error_element != nullptr && error_element->get(error) == simdjson::SUCCESS) {
        message = json::GetString(error, "message", message);
        code = json::GetString(error, "type");
        if (code.empty()) {
            code = json::GetString(error, "code");
        }
        std::int64_t numeric = 0;
        if (Get(error, "code", numeric)) {
            status = numeric;
        }
    }
    ProviderErrorFacts facts;
    facts.status = 200;
    facts.message = message;
    facts.code = code;
    facts.raw = raw;
    core::Error out = ClassifyProviderError(facts);
    if (out.code == core::Errc::kUpstreamStreamError && status >= 400 && status < 600) {
        out.internal += " (in-stream code " + std::to_string(status) + ")";
    }
    return out;
}

class OpenAiStreamTranslator final : public StreamTranslator {
public:
    Status OnEvent(const sse::Event& event, std::vector<canonical::StreamChunk>& out) override {
        if (!event.event.empty() && event.event != "message") {
            if (event.event == "error") {
                return StreamError(nullptr, event.data);
            }
            return {};  // other named events are not part of the OpenAI format
        }
        if (event.data == "[DONE]") {
            done_ = true;
            return {};
        }
        dom::element root;
        if (json::Parse(json::ThreadParser(), event.data).get(root) != simdjson::SUCCESS) {
            return core::MakeError(core::Errc::kUpstreamMalformed, "The provider sent a malformed stream event",
                                   "unparseable SSE data: " + event.data.substr(0, 200));
        }
        dom::object chunk;
        if (root.get(chunk) != simdjson::SUCCESS) {
            return core::MakeError(core::Errc::kUpstreamMalformed, "The provider sent a malformed stream event");
        }
        dom::element error;
        if (chunk["error"].get(error) == simdjson::SUCCESS && !error.is_null()) {
            return StreamError(&error, event.data);
        }

        canonical::StreamChunk out_chunk;
        out_chunk.upstream_id = std::string(json::GetString(chunk, "id"));
        out_chunk.model = std::string(json::GetString(chunk, "model"));
        out_chunk.system_fingerprint = std::string(json::GetString(chunk, "system_fingerprint"));
        dom::array choices;
        if (Get(chunk, "choices", choices)) {
            for (dom::element choice_element : choices) {
                dom::object choice;
                if (choice_element.get(choice) != simdjson::SUCCESS) {
                    continue;
                }
                canonical::ChoiceDelta delta;
                delta.index = static_cast<int>(GetInt(choice, "index"));
                dom::object d;
                if (Get(choice, "delta", d)) {
                    std::string_view role;
                    delta.role = Get(d, "role", role);
                    dom::element content;
                    if (d["content"].get(content) == simdjson::SUCCESS) {
                        delta.content = ReadContent(content);
                    }
                    delta.reasoning = ReadReasoning(d);
                    dom::element details;
                    if (d["reasoning_details"].get(details) == simdjson::SUCCESS && !details.is_null()) {
                        delta.reasoning_details = json::Serialize(details);
                    }
                    std::string_view refusal;
                    if (Get(d, "refusal", refusal)) {
                        delta.refusal = std::string(refusal);
                    }
                    dom::array calls;
                    if (Get(d, "tool_calls", calls)) {
                        for (dom::element call_element : calls) {
                            dom::object call;
                            if (call_element.get(call) != simdjson::SUCCESS) {
                                continue;
                            }
                            canonical::ToolCallDelta call_delta;
                            call_delta.index = static_cast<int>(GetInt(call, "index"));
                            call_delta.id = std::string(json::GetString(call, "id"));
                            dom::object function;
                            if (Get(call, "function", function)) {
                                call_delta.name = std::string(json::GetString(function, "name"));
                                call_delta.arguments = std::string(json::GetString(function, "arguments"));
                            }
                            delta.tool_calls.push_back(std::move(call_delta));
                        }
                    }
                }
                std::string_view finish;
                if (Get(choice, "finish_reason", finish) && !finish.empty()) {
                    delta.native_finish_reason = std::string(finish);
                    delta.finish_reason = std::string(NormalizeFinishReason(finish));
                    finished_ = true;
                }
                dom::element logprobs;
                if (choice["logprobs"].get(logprobs) == simdjson::SUCCESS && !logprobs.is_null()) {
                    delta.logprobs = json::Serialize(logprobs);
                }
                out_chunk.choices.push_back(std::move(delta));
            }
        }
        out_chunk.usage = ReadUsage(chunk);
        out.push_back(std::move(out_chunk));
        return {};
    }

    Status OnEnd(std::vector<canonical::StreamChunk>& /*out*/) override {
        // Some hosts omit [DONE]; an answer whose choices all finished is still complete.
        if (done_ || finished_) {
            return {};
        }
        return core::MakeError(core::Errc::kUpstreamTruncated, "The provider's stream ended before the response was complete");
    }

private:
    bool done_ = false;
    bool finished_ = false;
};

}  // namespace

std::string_view NormalizeFinishReason(std::string_view native) {
    if (native == "stop" || native == "end_turn" || native == "stop_sequence" || native == "eos") {
        return "stop";
    }
    if (native == "length" || native == "max_tokens" || native == "model_length") {
        return "length";
    }
    if (native == "tool_calls" || native == "function_call" || native == "tool_use") {
        return "tool_calls";
    }
    if (native == "content_filter" || native == "safety" || native == "refusal") {
        return "content_filter";
    }
    if (native == "error") {
        return "error";
    }
    return "stop";
}

std::string WriteChatBody(const canonical::ChatRequest& request, const Target& target, Flavor flavor) {
    std::string body;
    body.reserve(256 + request.messages.size() * 128);
    JsonWriter w(body);
    w.BeginObject();
    w.Key("model").String(target.upstream_model);
    w.Key("messages").BeginArray();
    for (const canonical::Message& message : request.messages) {
        WriteMessage(w, message, flavor);
    }
    w.EndArray();
    if (request.stream) {
        w.Key("stream").Bool(true);
        w.Key("stream_options").BeginObject().Key("include_usage").Bool(true).EndObject();
    }
    const canonical::Sampling& s = request.sampling;
    auto number = [&](std::string_view key, const std::optional<double>& value) {
        if (value && !target.Dropped(key)) {
            w.Key(key);
            WriteDouble(w, *value);
        }
    };
    auto integer = [&](std::string_view key, const std::optional<std::int64_t>& value, std::string_view param) {
        if (value && !target.Dropped(param)) {
            w.Key(key).Int(*value);
        }
    };
    if (s.max_tokens && !target.Dropped("max_tokens")) {
        w.Key(flavor == Flavor::kOpenAi ? "max_completion_tokens" : "max_tokens").Int(*s.max_tokens);
    }
    number("temperature", s.temperature);
    number("top_p", s.top_p);
    number("frequency_penalty", s.frequency_penalty);
    number("presence_penalty", s.presence_penalty);
    number("min_p", s.min_p);
    number("top_a", s.top_a);
    number("repetition_penalty", s.repetition_penalty);
    integer("top_k", s.top_k, "top_k");
    integer("seed", s.seed, "seed");
    integer("top_logprobs", s.top_logprobs, "top_logprobs");
    if (s.logprobs && !target.Dropped("logprobs")) {
        w.Key("logprobs").Bool(*s.logprobs);
    }
    if (!s.stop.empty() && !target.Dropped("stop")) {
        w.Key("stop").BeginArray();
        for (const std::string& stop : s.stop) {
            w.String(stop);
        }
        w.EndArray();
    }
    if (!s.logit_bias.empty() && !target.Dropped("logit_bias")) {
        w.Key("logit_bias").Raw(s.logit_bias);
    }
    if (!request.tools.empty() && !target.Dropped("tools")) {
        w.Key("tools").BeginArray();
        for (const canonical::Tool& tool : request.tools) {
            w.BeginObject().Key("type").String("function").Key("function").BeginObject();
            w.Key("name").String(tool.name);
            if (!tool.description.empty()) {
                w.Key("description").String(tool.description);
            }
            if (!tool.parameters.empty()) {
                w.Key("parameters").Raw(tool.parameters);
            }
            if (tool.strict) {
                w.Key("strict").Bool(*tool.strict);
            }
            w.EndObject().EndObject();
        }
        w.EndArray();
        if (s.parallel_tool_calls && !target.Dropped("parallel_tool_calls")) {
            w.Key("parallel_tool_calls").Bool(*s.parallel_tool_calls);
        }
    }
    using ChoiceKind = canonical::ToolChoice::Kind;
    if (request.tool_choice.kind != ChoiceKind::kUnset && !target.Dropped("tool_choice") &&
        !target.Dropped("tools")) {
        w.Key("tool_choice");
        switch (request.tool_choice.kind) {
            case ChoiceKind::kAuto: w.String("auto"); break;
            case ChoiceKind::kNone: w.String("none"); break;
            case ChoiceKind::kRequired: w.String("required"); break;
            case ChoiceKind::kFunction:
                w.BeginObject().Key("type").String("function").Key("function").BeginObject();
                w.Key("name").String(request.tool_choice.function_name).EndObject().EndObject();
                break;
            case ChoiceKind::kUnset: break;
        }
    }
    using FormatKind = canonical::ResponseFormat::Kind;
    const canonical::ResponseFormat& format = request.response_format;
    if (format.kind != FormatKind::kUnset && !target.Dropped("response_format")) {
        w.Key("response_format").BeginObject();
        switch (format.kind) {
            case FormatKind::kText: w.Key("type").String("text"); break;
            case FormatKind::kJsonObject: w.Key("type").String("json_object"); break;
            case FormatKind::kJsonSchema:
                w.Key("type").String("json_schema").Key("json_schema").BeginObject();
                w.Key("name").String(format.name.empty() ? "response" : format.name);
                if (!format.description.empty()) {
                    w.Key("description").String(format.description);
                }
                if (!format.schema.empty()) {
                    w.Key("schema").Raw(format.schema);
                }
                if (format.strict) {
                    w.Key("strict").Bool(*format.strict);
                }
                w.EndObject();
                break;
            case FormatKind::kUnset: break;
        }
        w.EndObject();
    }
    if (!request.reasoning.effort.empty() && !target.Dropped("reasoning")) {
        w.Key("reasoning_effort").String(request.reasoning.effort);
    }
    if (!request.user.empty()) {
        w.Key("user").String(request.user);
    }
    if (!request.metadata.empty() && flavor == Flavor::kOpenAi) {
        w.Key("metadata").Raw(request.metadata);
    }
    for (const auto& [key, raw] : request.extra) {
        if (!target.Dropped(key)) {
            w.Key(key).Raw(raw);
        }
    }
    w.EndObject();
    return body;
}

core::Result<HttpRequest> OpenAiAdapter::BuildChat(const canonical::ChatRequest& request, const Target& target) const {
    HttpRequest out;
    out.path = "/chat/completions";
    out.headers.push_back({"Content-Type", "application/json"});
    if (request.stream) {
        out.headers.push_back({"Accept", "text/event-stream"});
    }
    if (target.provider != nullptr && !target.provider->api_key.empty()) {
        out.headers.push_back({"Authorization", "Bearer " + target.provider->api_key});
    }
    out.body = WriteChatBody(request, target, flavor_);
    return out;
}

core::Result<canonical::ChatResponse> OpenAiAdapter::ParseChat(std::string_view body) const {
    dom::element root;
    dom::object object;
    if (json::Parse(json::ThreadParser(), body).get(root) != simdjson::SUCCESS ||
        root.get(object) != simdjson::SUCCESS) {
        return core::MakeError(core::Errc::kUpstreamMalformed, "The provider returned a malformed response",
                               "unparseable JSON body: " + std::string(body.substr(0, 200)));
    }
    dom::element error;
    if (object["error"].get(error) == simdjson::SUCCESS && !error.is_null()) {
        return StreamError(&error, body);
    }
    canonical::ChatResponse response;
    response.upstream_id = std::string(json::GetString(object, "id"));
    response.model = std::string(json::GetString(object, "model"));
    response.created = GetInt(object, "created");
    response.system_fingerprint = std::string(json::GetString(object, "system_fingerprint"));
    response.service_tier = std::string(json::GetString(object, "service_tier"));
    dom::array choices;
    if (!Get(object, "choices", choices)) {
        return core::MakeError(core::Errc::kUpstreamMalformed, "The provider returned a response without choices");
    }
    for (dom::element choice_element : choices) {
        dom::object choice;
        if (choice_element.get(choice) != simdjson::SUCCESS) {
            continue;
        }
        canonical::Choice out;
        out.index = static_cast<int>(GetInt(choice, "index"));
        out.message.role = canonical::Role::kAssistant;
        dom::object message;
        if (Get(choice, "message", message)) {
            dom::element content;
            if (message["content"].get(content) == simdjson::SUCCESS) {
                if (content.is_null()) {
                    out.message.content_is_null = true;
                } else {
                    ContentPart part;
                    part.text = ReadContent(content);
                    out.message.content.push_back(std::move(part));
                }
            }
            out.message.reasoning = ReadReasoning(message);
            dom::element details;
            if (message["reasoning_details"].get(details) == simdjson::SUCCESS && !details.is_null()) {
                out.message.reasoning_details = json::Serialize(details);
            }
            std::string_view refusal;
            if (Get(message, "refusal", refusal)) {
                out.message.refusal = std::string(refusal);
            }
            dom::array calls;
            if (Get(message, "tool_calls", calls)) {
                for (dom::element call_element : calls) {
                    dom::object call;
                    if (call_element.get(call) != simdjson::SUCCESS) {
                        continue;
                    }
                    canonical::ToolCall tool_call;
                    tool_call.id = std::string(json::GetString(call, "id"));
                    dom::object function;
                    if (Get(call, "function", function)) {
                        tool_call.name = std::string(json::GetString(function, "name"));
                        tool_call.arguments = std::string(json::GetString(function, "arguments"));
                    }
                    out.message.tool_calls.push_back(std::move(tool_call));
                }
            }
        }
        std::string_view finish;
        if (Get(choice, "finish_reason", finish)) {
            out.native_finish_reason = std::string(finish);
            out.finish_reason = std::string(NormalizeFinishReason(finish));
        }
        dom::element logprobs;
        if (choice["logprobs"].get(logprobs) == simdjson::SUCCESS && !logprobs.is_null()) {
            out.logprobs = json::Serialize(logprobs);
        }
        response.choices.push_back(std::move(out));
    }
    response.usage = ReadUsage(object);
    return response;
}

core::Error OpenAiAdapter::ParseError(int status, std::string_view body, std::optional<std::int64_t> retry_after_s,
                                      std::string_view provider_name) const {
    ProviderErrorFacts facts;
    facts.status = status;
    facts.raw = body;
    facts.retry_after_s = retry_after_s;
    facts.provider_name = provider_name;
    std::string message;
    std::string code;
    dom::element root;
    dom::object object;
    if (json::Parse(json::ThreadParser(), body).get(root) == simdjson::SUCCESS && root.get(object) == simdjson::SUCCESS) {
        dom::object error;
        std::string_view text;
        if (Get(object, "error", error)) {
            message = std::string(json::GetString(error, "message"));
            code = std::string(json::GetString(error, "code"));
            if (code.empty()) {
                code = std::string(json::GetString(error, "type"));
            }
        } else if (Get(object, "error", text)) {
            message = std::string(text);
        } else if (Get(object, "message", text)) {
            message = std::string(text);
        }
    }
    facts.message = message;
    facts.code = code;
    return ClassifyProviderError(facts);
}

std::unique_ptr<StreamTranslator> OpenAiAdapter::NewStreamTranslator() const {
    return std::make_unique<OpenAiStreamTranslator>();
}

}  // namespace switchyard::providers::openai
