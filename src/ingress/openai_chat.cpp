#include "ingress/openai_chat.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/json.hpp"
#include "core/json_writer.hpp"

namespace switchyard::ingress {
namespace {

namespace json = core::json;
namespace dom = core::json::dom;
using canonical::ChatRequest;
using canonical::ContentPart;
using canonical::Message;
using canonical::PartKind;
using canonical::Role;
using core::Errc;
using core::JsonWriter;

core::Error Invalid(std::string_view path, std::string_view what) {
    return core::MakeError(Errc::kInvalidRequest, std::string(path) + ": " + std::string(what));
}

std::string Path(std::string_view base, std::string_view key) {
    std::string out(base);
    if (!out.empty()) {
        out.push_back('.');
    }
    out.append(key);
    return out;
}

std::string Index(std::string_view base, std::size_t i) { return std::string(base) + "[" + std::to_string(i) + "]"; }

core::Result<std::string_view> AsString(dom::element e, std::string_view path) {
    std::string_view value;
    if (e.get(value) != simdjson::SUCCESS) {
        return Invalid(path, "expected a string");
    }
    return value;
}

core::Result<bool> AsBool(dom::element e, std::string_view path) {
    bool value = false;
    if (e.get(value) != simdjson::SUCCESS) {
        return Invalid(path, "expected true or false");
    }
    return value;
}

core::Result<double> AsNumber(dom::element e, std::string_view path, double min, double max) {
    double value = 0;
    if (!e.is_number() || e.get(value) != simdjson::SUCCESS || !std::isfinite(value)) {
        return Invalid(path, "expected a number");
    }
    if (value < min || value > max) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "must be between %g and %g", min, max);
        return Invalid(path, buf);
    }
    return value;
}

core::Result<std::int64_t> AsInt(dom::element e, std::string_view path, std::int64_t min, std::int64_t max) {
    std::int64_t value = 0;
    if (e.get(value) != simdjson::SUCCESS) {
        return Invalid(path, "expected an integer");
    }
    if (value < min || value > max) {
        return Invalid(path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return value;
}

core::Result<std::vector<std::string>> AsStringList(dom::element e, std::string_view path) {
    dom::array array;
    if (e.get(array) != simdjson::SUCCESS) {
        return Invalid(path, "expected an array of strings");
    }
    std::vector<std::string> out;
    std::size_t i = 0;
    for (dom::element item : array) {
        std::string_view value;
        if (item.get(value) != simdjson::SUCCESS) {
            return Invalid(Index(path, i), "expected a string");
        }
        out.emplace_back(value);
        ++i;
    }
    return out;
}

core::Result<dom::object> AsObject(dom::element e, std::string_view path) {
    dom::object object;
    if (e.get(object) != simdjson::SUCCESS) {
        return Invalid(path, "expected an object");
    }
    return object;
}

core::Result<std::optional<canonical::CacheControl>> ReadCacheControl(dom::object part, std::string_view path) {
    dom::element element;
    if (part["cache_control"].get(element) != simdjson::SUCCESS || element.is_null()) {
        return std::optional<canonical::CacheControl>{};
    }
    auto object = AsObject(element, Path(path, "cache_control"));
    if (!object) {
        return object.error();
    }
    canonical::CacheControl control;
    control.type = std::string(json::GetString(*object, "type", "ephemeral"));
    control.ttl = std::string(json::GetString(*object, "ttl"));
    return std::optional<canonical::CacheControl>(std::move(control));
}

core::Result<ContentPart> ReadPart(dom::element element, const std::string& path, Role role) {
    auto object = AsObject(element, path);
    if (!object) {
        return object.error();
    }
    std::string_view type;
    if ((*object)["type"].get(type) != simdjson::SUCCESS) {
        return Invalid(Path(path, "type"), "is required (text, image_url, file or input_audio)");
    }
    ContentPart part;
    auto cache_control = ReadCacheControl(*object, path);
    if (!cache_control) {
        return cache_control.error();
    }
    part.cache_control = std::move(*cache_control);
    if (type == "text") {
        dom::element text;
        if ((*object)["text"].get(text) != simdjson::SUCCESS) {
            return Invalid(Path(path, "text"), "is required");
        }
        auto value = AsString(text, Path(path, "text"));
        if (!value) {
            return value.error();
        }
        part.kind = PartKind::kText;
        part.text = std::string(*value);
        return part;
    }
    if (role != Role::kUser && role != Role::kTool) {
        return Invalid(Path(path, "type"), "only text parts are allowed in " + std::string(RoleName(role)) + " messages");
    }
    if (type == "image_url") {
        dom::element image;
        if ((*object)["image_url"].get(image) != simdjson::SUCCESS) {
            return Invalid(Path(path, "image_url"), "is required");
        }
        part.kind = PartKind::kImage;
        std::string_view url;
        if (image.get(url) == simdjson::SUCCESS) {
            part.url = std::string(url);
        } else {
            auto image_object = AsObject(image, Path(path, "image_url"));
            if (!image_object) {
                return image_object.error();
            }
            if ((*image_object)["url"].get(url) != simdjson::SUCCESS) {
                return Invalid(Path(path, "image_url.url"), "is required and must be a string");
            }
            part.url = std::string(url);
            part.detail = std::string(json::GetString(*image_object, "detail"));
        }
        if (part.url.empty()) {
            return Invalid(Path(path, "image_url.url"), "must not be empty");
        }
        return part;
    }
    if (type == "file") {
        dom::element file;
        if ((*object)["file"].get(file) != simdjson::SUCCESS) {
            return Invalid(Path(path, "file"), "is required");
        }
        auto file_object = AsObject(file, Path(path, "file"));
        if (!file_object) {
            return file_object.error();
        }
        part.kind = PartKind::kFile;
        part.filename = std::string(json::GetString(*file_object, "filename"));
        std::string_view data = json::GetString(*file_object, "file_data");
        if (data.empty()) {
            return Invalid(Path(path, "file.file_data"), "is required (a data: URI or URL)");
        }
        part.url = std::string(data);
        return part;
    }
    if (type == "input_audio") {
        dom::element audio;
        if ((*object)["input_audio"].get(audio) != simdjson::SUCCESS) {
            return Invalid(Path(path, "input_audio"), "is required");
        }
        auto audio_object = AsObject(audio, Path(path, "input_audio"));
        if (!audio_object) {
            return audio_object.error();
        }
        part.kind = PartKind::kInputAudio;
        part.audio_data = std::string(json::GetString(*audio_object, "data"));
        part.audio_format = std::string(json::GetString(*audio_object, "format"));
        if (part.audio_data.empty() || part.audio_format.empty()) {
            return Invalid(Path(path, "input_audio"), "data and format are required");
        }
        return part;
    }
    return Invalid(Path(path, "type"), "unsupported content part type \"" + std::string(type) + "\"");
}

core::Result<Role> ReadRole(std::string_view role, const std::string& path) {
    if (role == "system") return Role::kSystem;
    if (role == "developer") return Role::kDeveloper;
    if (role == "user") return Role::kUser;
    if (role == "assistant") return Role::kAssistant;
    if (role == "tool") return Role::kTool;
    return Invalid(path, "unknown role \"" + std::string(role) + "\" (system, developer, user, assistant or tool)");
}

core::Result<Message> ReadMessage(dom::element element, const std::string& path) {
    auto object = AsObject(element, path);
    if (!object) {
        return object.error();
    }
    Message message;
    std::string_view role_text;
    if ((*object)["role"].get(role_text) != simdjson::SUCCESS) {
        return Invalid(Path(path, "role"), "is required and must be a string");
    }
    auto role = ReadRole(role_text, Path(path, "role"));
    if (!role) {
        return role.error();
    }
    message.role = *role;

    dom::element content;
    const bool has_content = (*object)["content"].get(content) == simdjson::SUCCESS;
    std::string_view text;
    dom::array parts;
    if (!has_content || content.is_null()) {
        if (message.role != Role::kAssistant) {
            return Invalid(Path(path, "content"), "is required");
        }
        message.content_is_null = true;
    } else if (content.get(text) == simdjson::SUCCESS) {
        ContentPart part;
        part.text = std::string(text);
        message.content.push_back(std::move(part));
    } else if (content.get(parts) == simdjson::SUCCESS) {
        message.content_is_string = false;
        std::size_t i = 0;
        for (dom::element part_element : parts) {
            auto part = ReadPart(part_element, Index(Path(path, "content"), i++), message.role);
            if (!part) {
                return part.error();
            }
            message.content.push_back(std::move(*part));
        }
    } else {
        return Invalid(Path(path, "content"), "expected a string or an array of content parts");
    }

    dom::element field;
    if ((*object)["name"].get(field) == simdjson::SUCCESS && !field.is_null()) {
        auto name = AsString(field, Path(path, "name"));
        if (!name) {
            return name.error();
        }
        message.name = std::string(*name);
    }
    if (message.role == Role::kTool) {
        if ((*object)["tool_call_id"].get(field) != simdjson::SUCCESS) {
            return Invalid(Path(path, "tool_call_id"), "is required for tool messages");
        }
        auto id = AsString(field, Path(path, "tool_call_id"));
        if (!id) {
            return id.error();
        }
        message.tool_call_id = std::string(*id);
    }
    if (message.role == Role::kAssistant) {
        dom::array calls;
        if ((*object)["tool_calls"].get(field) == simdjson::SUCCESS && !field.is_null()) {
            if (field.get(calls) != simdjson::SUCCESS) {
                return Invalid(Path(path, "tool_calls"), "expected an array");
            }
            std::size_t i = 0;
            for (dom::element call_element : calls) {
                const std::string call_path = Index(Path(path, "tool_calls"), i++);
                auto call = AsObject(call_element, call_path);
                if (!call) {
                    return call.error();
                }
                canonical::ToolCall tool_call;
                tool_call.id = std::string(json::GetString(*call, "id"));
                dom::object function;
                if ((*call)["function"].get(function) != simdjson::SUCCESS) {
                    return Invalid(Path(call_path, "function"), "is required");
                }
                std::string_view name;
                if (function["name"].get(name) != simdjson::SUCCESS) {
                    return Invalid(Path(call_path, "function.name"), "is required");
                }
                tool_call.name = std::string(name);
                dom::element arguments;
                if (function["arguments"].get(arguments) == simdjson::SUCCESS) {
                    std::string_view args;
                    if (arguments.get(args) == simdjson::SUCCESS) {
                        tool_call.arguments = std::string(args);
                    } else {
                        tool_call.arguments = json::Serialize(arguments);
                    }
                }
                message.tool_calls.push_back(std::move(tool_call));
            }
        }
        std::string_view reasoning;
        if ((*object)["reasoning"].get(reasoning) == simdjson::SUCCESS ||
            (*object)["reasoning_content"].get(reasoning) == simdjson::SUCCESS) {
            message.reasoning = std::string(reasoning);
        }
        if ((*object)["reasoning_details"].get(field) == simdjson::SUCCESS && !field.is_null()) {
            message.reasoning_details = json::Serialize(field);
        }
        message.refusal = std::string(json::GetString(*object, "refusal"));
        if (message.content_is_null && message.tool_calls.empty()) {
            message.content_is_null = true;  // an empty assistant turn (allowed as a prefill)
        }
    }
    return message;
}

core::Result<void> ReadTools(dom::element element, ChatRequest& request) {
    dom::array tools;
    if (element.get(tools) != simdjson::SUCCESS) {
        return Invalid("tools", "expected an array");
    }
    std::size_t i = 0;
    for (dom::element tool_element : tools) {
        const std::string path = Index("tools", i++);
        auto tool_object = AsObject(tool_element, path);
        if (!tool_object) {
            return tool_object.error();
        }
        std::string_view type = json::GetString(*tool_object, "type", "function");
        if (type != "function") {
            return Invalid(Path(path, "type"), "only \"function\" tools are supported");
        }
        dom::object function;
        if ((*tool_object)["function"].get(function) != simdjson::SUCCESS) {
            return Invalid(Path(path, "function"), "is required and must be an object");
        }
        canonical::Tool tool;
        std::string_view name;
        if (function["name"].get(name) != simdjson::SUCCESS || name.empty()) {
            return Invalid(Path(path, "function.name"), "is required");
        }
        tool.name = std::string(name);
        tool.description = std::string(json::GetString(function, "description"));
        dom::element parameters;
        if (function["parameters"].get(parameters) == simdjson::SUCCESS && !parameters.is_null()) {
            if (!parameters.is_object()) {
                return Invalid(Path(path, "function.parameters"), "expected a JSON schema object");
            }
            tool.parameters = json::Serialize(parameters);
        }
        bool strict = false;
        if (function["strict"].get(strict) == simdjson::SUCCESS) {
            tool.strict = strict;
        }
        auto cache_control = ReadCacheControl(*tool_object, path);
        if (!cache_control) {
            return cache_control.error();
        }
        tool.cache_control = std::move(*cache_control);
        request.tools.push_back(std::move(tool));
    }
    return {};
}

core::Result<void> ReadToolChoice(dom::element element, ChatRequest& request) {
    using Kind = canonical::ToolChoice::Kind;
    std::string_view text;
    if (element.get(text) == simdjson::SUCCESS) {
        if (text == "auto") {
            request.tool_choice.kind = Kind::kAuto;
        } else if (text == "none") {
            request.tool_choice.kind = Kind::kNone;
        } else if (text == "required" || text == "any") {
            request.tool_choice.kind = Kind::kRequired;
        } else {
            return Invalid("tool_choice", "expected \"auto\", \"none\", \"required\" or a function choice");
        }
        return {};
    }
    dom::object object;
    dom::object function;
    std::string_view name;
    if (element.get(object) != simdjson::SUCCESS || object["function"].get(function) != simdjson::SUCCESS ||
        function["name"].get(name) != simdjson::SUCCESS) {
        return Invalid("tool_choice", "expected \"auto\", \"none\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":...}}");
    }
    request.tool_choice.kind = Kind::kFunction;
    request.tool_choice.function_name = std::string(name);
    return {};
}

core::Result<void> ReadResponseFormat(dom::element element, ChatRequest& request) {
    using Kind = canonical::ResponseFormat::Kind;
    auto object = AsObject(element, "response_format");
    if (!object) {
        return object.error();
    }
    std::string_view type = json::GetString(*object, "type");
    if (type == "text") {
        request.response_format.kind = Kind::kText;
    } else if (type == "json_object") {
        request.response_format.kind = Kind::kJsonObject;
    } else if (type == "json_schema") {
        request.response_format.kind = Kind::kJsonSchema;
        dom::object schema_object;
        if ((*object)["json_schema"].get(schema_object) != simdjson::SUCCESS) {
            return Invalid("response_format.json_schema", "is required for type json_schema");
        }
        request.response_format.name = std::string(json::GetString(schema_object, "name"));
        request.response_format.description = std::string(json::GetString(schema_object, "description"));
        dom::element schema;
        if (schema_object["schema"].get(schema) == simdjson::SUCCESS) {
            if (!schema.is_object()) {
                return Invalid("response_format.json_schema.schema", "expected a JSON schema object");
            }
            request.response_format.schema = json::Serialize(schema);
        }
        bool strict = false;
        if (schema_object["strict"].get(strict) == simdjson::SUCCESS) {
            request.response_format.strict = strict;
        }
        request.parameters.emplace_back("structured_outputs");
    } else {
        return Invalid("response_format.type", "expected text, json_object or json_schema");
    }
    return {};
}

constexpr std::string_view kEfforts[] = {"max", "xhigh", "high", "medium", "low", "minimal", "none"};

core::Result<void> ReadEffort(dom::element element, std::string_view path, ChatRequest& request) {
    auto effort = AsString(element, path);
    if (!effort) {
        return effort.error();
    }
    if (std::find(std::begin(kEfforts), std::end(kEfforts), *effort) == std::end(kEfforts)) {
        return Invalid(path, "expected one of max, xhigh, high, medium, low, minimal, none");
    }
    request.reasoning.effort = std::string(*effort);
    return {};
}

core::Result<void> ReadReasoning(dom::element element, ChatRequest& request) {
    auto object = AsObject(element, "reasoning");
    if (!object) {
        return object.error();
    }
    for (auto [key, value] : *object) {
        const std::string path = Path("reasoning", key);
        if (key == "effort") {
            if (auto r = ReadEffort(value, path, request); !r) {
                return r.error();
            }
        } else if (key == "max_tokens") {
            auto v = AsInt(value, path, 0, 10'000'000);
            if (!v) {
                return v.error();
            }
            request.reasoning.max_tokens = *v;
        } else if (key == "exclude") {
            auto v = AsBool(value, path);
            if (!v) {
                return v.error();
            }
            request.reasoning.exclude = *v;
        } else if (key == "enabled") {
            auto v = AsBool(value, path);
            if (!v) {
                return v.error();
            }
            request.reasoning.enabled = *v;
        }
        // summary, context, mode: accepted, not acted upon.
    }
    return {};
}

std::optional<std::string> PriceText(dom::element value) {
    std::string_view text;
    if (value.get(text) == simdjson::SUCCESS) {
        return std::string(text);
    }
    double number = 0;
    if (value.is_number() && value.get(number) == simdjson::SUCCESS && std::isfinite(number) && number >= 0) {
        char buf[40];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number, std::chars_format::fixed);
        if (ec != std::errc{}) {
            return std::nullopt;  // too many digits in fixed notation (1e300): no real price
        }
        return std::string(buf, static_cast<std::size_t>(end - buf));
    }
    return std::nullopt;
}

core::Result<void> ReadProvider(dom::element element, ChatRequest& request) {
    auto object = AsObject(element, "provider");
    if (!object) {
        return object.error();
    }
    canonical::ProviderPreferences& p = request.provider;
    for (dom::key_value_pair field : *object) {
        // Named variables, not a structured binding: clang 14 cannot capture bindings in lambdas.
        const std::string_view key = field.key;
        const dom::element value = field.value;
        const std::string path = Path("provider", key);
        auto list = [&](std::vector<std::string>& out) -> core::Result<void> {
            auto v = AsStringList(value, path);
            if (!v) {
                return v.error();
            }
            out = std::move(*v);
            return {};
        };
        auto flag = [&](std::optional<bool>& out) -> core::Result<void> {
            if (value.is_null()) {
                return {};
            }
            auto v = AsBool(value, path);
            if (!v) {
                return v.error();
            }
            out = *v;
            return {};
        };
        core::Result<void> r;
        if (key == "order") {
            r = list(p.order);
        } else if (key == "only") {
            r = list(p.only);
        } else if (key == "ignore") {
            r = list(p.ignore);
        } else if (key == "quantizations") {
            r = list(p.quantizations);
        } else if (key == "allow_fallbacks") {
            r = flag(p.allow_fallbacks);
        } else if (key == "require_parameters") {
            r = flag(p.require_parameters);
        } else if (key == "zdr") {
            r = flag(p.zdr);
        } else if (key == "enforce_distillable_text") {
            std::optional<bool> ignored;
            r = flag(ignored);
        } else if (key == "data_collection") {
            auto v = AsString(value, path);
            if (!v || (*v != "allow" && *v != "deny")) {
                return Invalid(path, "expected \"allow\" or \"deny\"");
            }
            p.data_collection = std::string(*v);
        } else if (key == "sort") {
            std::string_view by;
            dom::object sort_object;
            if (value.get(sort_object) == simdjson::SUCCESS) {
                by = json::GetString(sort_object, "by");
            } else if (value.get(by) != simdjson::SUCCESS) {
                return Invalid(path, "expected \"price\", \"throughput\" or \"latency\"");
            }
            if (by != "price" && by != "throughput" && by != "latency" && by != "exacto") {
                return Invalid(path, "expected \"price\", \"throughput\" or \"latency\"");
            }
            p.sort = std::string(by);
        } else if (key == "max_price") {
            auto prices = AsObject(value, path);
            if (!prices) {
                return prices.error();
            }
            for (auto [price_key, price_value] : *prices) {
                auto text = PriceText(price_value);
                if (!text) {
                    return Invalid(Path(path, price_key), "expected a non-negative number");
                }
                if (price_key == "prompt") {
                    p.max_price.prompt = text;
                } else if (price_key == "completion") {
                    p.max_price.completion = text;
                } else if (price_key == "request") {
                    p.max_price.request = text;
                } else if (price_key == "image") {
                    p.max_price.image = text;
                }
            }
        } else if (key == "preferred_min_throughput" || key == "preferred_max_latency") {
            double number = 0;
            dom::object percentiles;
            if (value.get(percentiles) == simdjson::SUCCESS) {
                if (percentiles["p50"].get(number) != simdjson::SUCCESS) {
                    continue;
                }
            } else if (!value.is_number() || value.get(number) != simdjson::SUCCESS) {
                return Invalid(path, "expected a number or an object of percentiles");
            }
            (key == "preferred_min_throughput" ? p.preferred_min_throughput : p.preferred_max_latency) = number;
        } else {
            return Invalid(path, "unknown provider preference");
        }
        if (!r) {
            return r.error();
        }
    }
    return {};
}

/// OpenRouter's own fields that switchyard consumes without forwarding.
constexpr std::string_view kConsumed[] = {"stream_options", "usage",      "plugins", "transforms", "route",
                                          "preset",         "trace",      "debug",   "include_reasoning",
                                          "prompt_cache_options"};

core::Result<ChatRequest> Parse(dom::element root) {
    dom::object object;
    if (root.get(object) != simdjson::SUCCESS) {
        return core::MakeError(Errc::kInvalidRequest, "The request body must be a JSON object");
    }
    ChatRequest request;
    bool have_messages = false;
    for (dom::key_value_pair field : object) {
        const std::string_view key = field.key;
        const dom::element value = field.value;
        const std::string path(key);
        auto set_param = [&](std::string_view name) { request.parameters.emplace_back(name); };
        auto number = [&](std::optional<double>& out, double min, double max) -> core::Result<void> {
            if (value.is_null()) {
                return {};
            }
            auto v = AsNumber(value, path, min, max);
            if (!v) {
                return v.error();
            }
            out = *v;
            set_param(key);
            return {};
        };
        auto integer = [&](std::optional<std::int64_t>& out, std::int64_t min, std::int64_t max) -> core::Result<void> {
            if (value.is_null()) {
                return {};
            }
            auto v = AsInt(value, path, min, max);
            if (!v) {
                return v.error();
            }
            out = *v;
            set_param(key);
            return {};
        };
        core::Result<void> r;
        if (key == "model") {
            auto v = AsString(value, path);
            if (!v) {
                return v.error();
            }
            request.model = std::string(*v);
        } else if (key == "models") {
            auto v = AsStringList(value, path);
            if (!v) {
                return v.error();
            }
            request.models = std::move(*v);
        } else if (key == "messages") {
            dom::array messages;
            if (value.get(messages) != simdjson::SUCCESS) {
                return Invalid("messages", "expected an array of messages");
            }
            std::size_t i = 0;
            for (dom::element message_element : messages) {
                auto message = ReadMessage(message_element, Index("messages", i++));
                if (!message) {
                    return message.error();
                }
                request.messages.push_back(std::move(*message));
            }
            have_messages = true;
        } else if (key == "stream") {
            if (!value.is_null()) {
                auto v = AsBool(value, path);
                if (!v) {
                    return v.error();
                }
                request.stream = *v;
            }
        } else if (key == "max_tokens" || key == "max_completion_tokens") {
            if (!value.is_null()) {
                auto v = AsInt(value, path, 1, 100'000'000);
                if (!v) {
                    return v.error();
                }
                request.sampling.max_tokens = *v;
                request.sampling.max_is_completion_tokens = key == "max_completion_tokens";
                if (!request.HasParameter("max_tokens")) {
                    set_param("max_tokens");
                }
            }
        } else if (key == "temperature") {
            r = number(request.sampling.temperature, 0, 2);
        } else if (key == "top_p") {
            r = number(request.sampling.top_p, 0, 1);
        } else if (key == "min_p") {
            r = number(request.sampling.min_p, 0, 1);
        } else if (key == "top_a") {
            r = number(request.sampling.top_a, 0, 1);
        } else if (key == "frequency_penalty") {
            r = number(request.sampling.frequency_penalty, -2, 2);
        } else if (key == "presence_penalty") {
            r = number(request.sampling.presence_penalty, -2, 2);
        } else if (key == "repetition_penalty") {
            r = number(request.sampling.repetition_penalty, 0, 2);
        } else if (key == "top_k") {
            r = integer(request.sampling.top_k, 0, 1'000'000);
        } else if (key == "seed") {
            r = integer(request.sampling.seed, INT64_MIN, INT64_MAX);
        } else if (key == "top_logprobs") {
            r = integer(request.sampling.top_logprobs, 0, 20);
        } else if (key == "logprobs") {
            if (!value.is_null()) {
                auto v = AsBool(value, path);
                if (!v) {
                    return v.error();
                }
                request.sampling.logprobs = *v;
                set_param("logprobs");
            }
        } else if (key == "parallel_tool_calls") {
            if (!value.is_null()) {
                auto v = AsBool(value, path);
                if (!v) {
                    return v.error();
                }
                request.sampling.parallel_tool_calls = *v;
                set_param("parallel_tool_calls");
            }
        } else if (key == "stop") {
            std::string_view single;
            if (value.is_null()) {
            } else if (value.get(single) == simdjson::SUCCESS) {
                request.sampling.stop.emplace_back(single);
                set_param("stop");
            } else {
                auto v = AsStringList(value, path);
                if (!v) {
                    return Invalid(path, "expected a string or an array of strings");
                }
                request.sampling.stop = std::move(*v);
                set_param("stop");
            }
        } else if (key == "logit_bias") {
            if (!value.is_null()) {
                if (!value.is_object()) {
                    return Invalid(path, "expected an object of token ids to biases");
                }
                request.sampling.logit_bias = json::Serialize(value);
                set_param("logit_bias");
            }
        } else if (key == "tools") {
            if (!value.is_null()) {
                r = ReadTools(value, request);
                if (!request.tools.empty()) {
                    set_param("tools");
                }
            }
        } else if (key == "tool_choice") {
            if (!value.is_null()) {
                r = ReadToolChoice(value, request);
                set_param("tool_choice");
            }
        } else if (key == "response_format") {
            if (!value.is_null()) {
                r = ReadResponseFormat(value, request);
                set_param("response_format");
            }
        } else if (key == "reasoning") {
            if (!value.is_null()) {
                r = ReadReasoning(value, request);
                if (!request.HasParameter("reasoning")) {  // reasoning_effort may have come first
                    set_param("reasoning");
                }
            }
        } else if (key == "reasoning_effort") {
            if (!value.is_null()) {
                r = ReadEffort(value, path, request);
                if (!request.HasParameter("reasoning")) {
                    set_param("reasoning");
                }
            }
        } else if (key == "provider") {
            if (!value.is_null()) {
                r = ReadProvider(value, request);
            }
        } else if (key == "user") {
            auto v = AsString(value, path);
            if (!v) {
                return v.error();
            }
            request.user = std::string(*v);
        } else if (key == "session_id") {
            auto v = AsString(value, path);
            if (!v) {
                return v.error();
            }
            if (v->size() > 256) {
                return Invalid(path, "must be at most 256 characters");
            }
            request.session_id = std::string(*v);
        } else if (key == "metadata") {
            if (!value.is_null()) {
                if (!value.is_object()) {
                    return Invalid(path, "expected an object");
                }
                request.metadata = json::Serialize(value);
            }
        } else if (std::find(std::begin(kConsumed), std::end(kConsumed), key) != std::end(kConsumed)) {
            if (key == "include_reasoning" && value.is_bool()) {
                bool include = false;
                if (value.get(include) != simdjson::SUCCESS) {
                    include = false;
                }
                if (!request.reasoning.enabled) {
                    request.reasoning.enabled = include;
                }
                request.reasoning.exclude = !include;
            }
        } else {
            // OpenAI parameters switchyard does not model (n, prediction, service_tier,
            // verbosity, modalities, web_search_options, ...) and unknown fields: forwarded
            // verbatim to OpenAI-compatible upstreams, dropped for the others.
            request.extra.emplace_back(std::string(key), json::Serialize(value));
            set_param(key);
        }
        if (!r) {
            return r.error();
        }
    }
    if (request.model.empty() && !request.models.empty()) {
        request.model = request.models.front();
    }
    if (request.model.empty()) {
        return core::MakeError(Errc::kMissingModel, "model: is required (for example \"openai/gpt-4o-mini\")");
    }
    if (!have_messages) {
        return Invalid("messages", "is required");
    }
    if (request.messages.empty()) {
        return Invalid("messages", "must contain at least one message");
    }
    return request;
}

core::Result<ChatRequest> ParseWith(simdjson::simdjson_result<dom::element> parsed) {
    dom::element root;
    if (auto error = parsed.get(root); error != simdjson::SUCCESS) {
        return core::MakeError(Errc::kMalformedJson, json::DescribeError(error));
    }
    return Parse(root);
}

// --- encoding ---------------------------------------------------------------------------

void WriteHeader(JsonWriter& w, const ResponseMeta& meta, std::string_view object) {
    w.Key("id").String(meta.generation_id);
    w.Key("provider").String(meta.provider_name);
    w.Key("model").String(meta.model);
    w.Key("object").String(object);
    w.Key("created").Int(meta.created);
}

void WriteUsage(JsonWriter& w, const canonical::Usage& usage, const billing::Cost& cost, bool is_byok) {
    w.Key("usage").BeginObject();
    w.Key("prompt_tokens").Int(usage.prompt_tokens);
    w.Key("completion_tokens").Int(usage.completion_tokens);
    w.Key("total_tokens").Int(usage.Total());
    w.Key("cost").Usd(cost.total);
    w.Key("is_byok").Bool(is_byok);
    w.Key("prompt_tokens_details").BeginObject();
    w.Key("cached_tokens").Int(usage.cached_tokens);
    w.Key("cache_write_tokens").Int(usage.cache_write_tokens);
    w.Key("audio_tokens").Int(usage.audio_prompt_tokens);
    w.EndObject();
    w.Key("cost_details").BeginObject();
    // What the provider charged for the inference: the cost before any platform fee.
    w.Key("upstream_inference_cost").Usd(cost.total);
    w.Key("upstream_inference_prompt_cost").Usd(cost.prompt);
    w.Key("upstream_inference_completions_cost").Usd(cost.completion);
    w.EndObject();
    w.Key("completion_tokens_details").BeginObject();
    w.Key("reasoning_tokens").Int(usage.reasoning_tokens);
    w.EndObject();
    if (usage.estimated) {
        // switchyard counted these tokens itself: the provider reported none.
        w.Key("estimated").Bool(true);
    }
    w.EndObject();
}

void WriteToolCalls(JsonWriter& w, const std::vector<canonical::ToolCall>& calls) {
    w.Key("tool_calls").BeginArray();
    for (const canonical::ToolCall& call : calls) {
        w.BeginObject().Key("id").String(call.id).Key("type").String("function");
        w.Key("function").BeginObject().Key("name").String(call.name).Key("arguments").String(call.arguments);
        w.EndObject().EndObject();
    }
    w.EndArray();
}

}  // namespace

core::Result<ChatRequest> ParseChatRequest(std::string_view body) {
    return ParseWith(json::Parse(json::ThreadParser(), body));
}

core::Result<ChatRequest> ParseChatRequest(const std::string& body) {
    return ParseWith(json::ParseString(json::ThreadParser(), body));
}

void EncodeChatResponse(std::string& out, const canonical::ChatResponse& response, const canonical::Usage& usage,
                        const billing::Cost& cost, const ResponseMeta& meta) {
    JsonWriter w(out);
    w.BeginObject();
    WriteHeader(w, meta, "chat.completion");
    w.Key("choices").BeginArray();
    for (const canonical::Choice& choice : response.choices) {
        w.BeginObject();
        w.Key("logprobs");
        choice.logprobs.empty() ? w.Null() : w.Raw(choice.logprobs);
        w.Key("finish_reason");
        choice.finish_reason.empty() ? w.Null() : w.String(choice.finish_reason);
        w.Key("native_finish_reason");
        choice.native_finish_reason.empty() ? w.Null() : w.String(choice.native_finish_reason);
        w.Key("index").Int(choice.index);
        w.Key("message").BeginObject();
        w.Key("role").String("assistant");
        w.Key("content");
        if (choice.message.content_is_null && choice.message.content.empty()) {
            w.Null();
        } else {
            w.String(choice.message.Text());
        }
        w.Key("refusal");
        choice.message.refusal.empty() ? w.Null() : w.String(choice.message.refusal);
        w.Key("reasoning");
        choice.message.reasoning.empty() ? w.Null() : w.String(choice.message.reasoning);
        if (!choice.message.reasoning_details.empty()) {
            w.Key("reasoning_details").Raw(choice.message.reasoning_details);
        }
        if (!choice.message.tool_calls.empty()) {
            WriteToolCalls(w, choice.message.tool_calls);
        }
        w.EndObject();
        w.EndObject();
    }
    w.EndArray();
    w.Key("system_fingerprint");
    response.system_fingerprint.empty() ? w.Null() : w.String(response.system_fingerprint);
    if (!response.service_tier.empty()) {
        w.Key("service_tier").String(response.service_tier);
    }
    WriteUsage(w, usage, cost, meta.is_byok);
    w.EndObject();
}

void EncodeChunk(std::string& out, const canonical::StreamChunk& chunk, const ResponseMeta& meta) {
    out.append("data: ");
    JsonWriter w(out);
    w.BeginObject();
    WriteHeader(w, meta, "chat.completion.chunk");
    w.Key("choices").BeginArray();
    for (const canonical::ChoiceDelta& delta : chunk.choices) {
        w.BeginObject();
        w.Key("index").Int(delta.index);
        w.Key("delta").BeginObject();
        if (delta.role) {
            w.Key("role").String("assistant");
        }
        w.Key("content").String(delta.content);
        if (!delta.reasoning.empty()) {
            w.Key("reasoning").String(delta.reasoning);
        }
        if (!delta.reasoning_details.empty()) {
            w.Key("reasoning_details").Raw(delta.reasoning_details);
        }
        if (!delta.refusal.empty()) {
            w.Key("refusal").String(delta.refusal);
        }
        if (!delta.tool_calls.empty()) {
            w.Key("tool_calls").BeginArray();
            for (const canonical::ToolCallDelta& call : delta.tool_calls) {
                w.BeginObject().Key("index").Int(call.index);
                if (!call.id.empty()) {
                    w.Key("id").String(call.id).Key("type").String("function");
                }
                w.Key("function").BeginObject();
                if (!call.name.empty()) {
                    w.Key("name").String(call.name);
                }
                w.Key("arguments").String(call.arguments);
                w.EndObject().EndObject();
            }
            w.EndArray();
        }
        w.EndObject();
        w.Key("finish_reason");
        delta.finish_reason.empty() ? w.Null() : w.String(delta.finish_reason);
        w.Key("native_finish_reason");
        delta.native_finish_reason.empty() ? w.Null() : w.String(delta.native_finish_reason);
        w.Key("logprobs");
        delta.logprobs.empty() ? w.Null() : w.Raw(delta.logprobs);
        w.EndObject();
    }
    w.EndArray();
    if (!chunk.system_fingerprint.empty()) {
        w.Key("system_fingerprint").String(chunk.system_fingerprint);
    }
    w.EndObject();
    out.append("\n\n");
}

void EncodeUsageChunk(std::string& out, const canonical::Usage& usage, const billing::Cost& cost,
                      const ResponseMeta& meta) {
    out.append("data: ");
    JsonWriter w(out);
    w.BeginObject();
    WriteHeader(w, meta, "chat.completion.chunk");
    w.Key("choices").BeginArray().EndArray();
    WriteUsage(w, usage, cost, meta.is_byok);
    w.EndObject();
    out.append("\n\n");
}

namespace {
void WriteErrorObject(JsonWriter& w, const core::Error& error, int code) {
    w.Key("error").BeginObject();
    w.Key("code").Int(code);
    w.Key("message").String(error.message);
    w.Key("metadata").BeginObject();
    w.Key("error_type").String(core::Info(error.code).error_type);
    if (!error.provider_name.empty()) {
        w.Key("provider_name").String(error.provider_name);
    }
    if (!error.raw.empty()) {
        w.Key("raw").String(error.raw);
    }
    w.EndObject();
    w.EndObject();
}
}  // namespace

void EncodeErrorChunk(std::string& out, const core::Error& error, const canonical::Usage& usage,
                      const billing::Cost& cost, const ResponseMeta& meta) {
    out.append("data: ");
    JsonWriter w(out);
    w.BeginObject();
    WriteHeader(w, meta, "chat.completion.chunk");
    WriteErrorObject(w, error, error.HttpStatus());
    w.Key("choices").BeginArray().BeginObject();
    w.Key("index").Int(0);
    w.Key("delta").BeginObject().Key("content").String("").EndObject();
    w.Key("finish_reason").String("error");
    w.Key("native_finish_reason").String("error");
    w.EndObject().EndArray();
    WriteUsage(w, usage, cost, meta.is_byok);
    w.EndObject();
    out.append("\n\n");
}

void EncodeDone(std::string& out) { out.append("data: [DONE]\n\n"); }

void EncodeErrorBody(std::string& out, const core::Error& error) {
    JsonWriter w(out);
    w.BeginObject();
    WriteErrorObject(w, error, error.HttpStatus());
    w.EndObject();
}

}  // namespace switchyard::ingress
