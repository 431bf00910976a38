#include "mock/script.hpp"

#include "core/json_writer.hpp"
#include "core/strings.hpp"

namespace switchyard::mock {
namespace {

using core::JsonWriter;

constexpr std::string_view kWords[] = {
    "the",    "gateway", "routes", "every",   "request", "to",     "a",      "provider", "that",    "answers",
    "with",   "tokens",  "and",    "usage",   "while",   "credits", "are",   "held",     "settled", "exactly",
    "once",   "streams", "relay",  "chunk",   "by",      "under",  "backpressure", "so", "memory", "stays",
    "bounded", "for",    "each",   "client",  "model",   "choice", "price",  "latency",  "quality", "matters",
};

std::uint64_t Fnv1a(std::string_view text, std::uint64_t hash = 1469598103934665603ULL) {
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::int64_t DirectiveNumber(std::string_view directive, std::string_view prefix) {
    auto value = core::ParseInt(directive.substr(prefix.size()));
    return value.value_or(0);
}

void WriteUsage(JsonWriter& w, const Plan& plan) {
    const std::int64_t completion = CompletionTokens(plan);
    w.Key("usage").BeginObject();
    w.Key("prompt_tokens").Int(plan.prompt_tokens);
    w.Key("completion_tokens").Int(completion);
    w.Key("total_tokens").Int(plan.prompt_tokens + completion);
    w.Key("prompt_tokens_details").BeginObject().Key("cached_tokens").Int(0).EndObject();
    w.Key("completion_tokens_details").BeginObject().Key("reasoning_tokens").Int(0).EndObject();
    w.EndObject();
}

void ChunkHead(JsonWriter& w, const Plan& plan, std::int64_t created) {
    w.Key("id").String(plan.id);
    w.Key("object").String("chat.completion.chunk");
    w.Key("created").Int(created);
    w.Key("model").String(plan.model);
    w.Key("system_fingerprint").String("fp_mock");
}

std::string Data(const std::string& json) { return "data: " + json + "\n\n"; }

}  // namespace

std::int64_t CompletionTokens(const Plan& plan) {
    return plan.tool_call ? 8 : static_cast<std::int64_t>(plan.tokens.size());
}

Plan MakePlan(std::string_view model, const canonical::ChatRequest& request, const Defaults& defaults) {
    Plan plan;
    plan.model = std::string(model);
    plan.ttft_ms = defaults.ttft_ms;
    plan.tokens_per_s = defaults.tokens_per_s;
    std::int64_t length = defaults.tokens;

    std::size_t plus = model.find('+');
    while (plus != std::string_view::npos) {
        std::string_view rest = model.substr(plus + 1);
        const std::size_t next = rest.find('+');
        const std::string_view directive = rest.substr(0, next);
        if (directive.rfind("fail-", 0) == 0) {
            plan.fault = Fault::kHttpStatus;
            plan.status = static_cast<int>(DirectiveNumber(directive, "fail-"));
            if (plan.status < 100 || plan.status > 599) {
                plan.status = 500;
            }
        } else if (directive == "reset-before-headers") {
            plan.fault = Fault::kResetBeforeHeaders;
        } else if (directive == "reset-mid-stream") {
            plan.fault = Fault::kResetMidStream;
        } else if (directive == "stall") {
            plan.fault = Fault::kStall;
        } else if (directive == "stall-mid-stream") {
            plan.fault = Fault::kStallMidStream;
        } else if (directive == "malformed-sse") {
            plan.fault = Fault::kMalformedSse;
        } else if (directive == "malformed-json") {
            plan.fault = Fault::kMalformedJson;
        } else if (directive == "truncated") {
            plan.fault = Fault::kTruncated;
        } else if (directive == "wrong-content-type") {
            plan.fault = Fault::kWrongContentType;
        } else if (directive == "error-in-stream") {
            plan.fault = Fault::kErrorInStream;
        } else if (directive == "no-usage") {
            plan.usage = false;
        } else if (directive == "tool-call") {
            plan.tool_call = true;
        } else if (directive.rfind("tokens-", 0) == 0) {
            length = DirectiveNumber(directive, "tokens-");
        } else if (directive.rfind("ttft-", 0) == 0) {
            plan.ttft_ms = DirectiveNumber(directive, "ttft-");
        } else if (directive.rfind("tps-", 0) == 0) {
            plan.tokens_per_s = DirectiveNumber(directive, "tps-");
        }
        plus = next == std::string_view::npos ? std::string_view::npos : plus + 1 + next;
    }
    if (request.tool_choice.kind == canonical::ToolChoice::Kind::kRequired ||
        request.tool_choice.kind == canonical::ToolChoice::Kind::kFunction) {
        plan.tool_call = !request.tools.empty();
    }
    if (plan.tool_call && request.tools.empty()) {
        plan.tool_call = false;
    }

    // Prompt size: about four bytes per token plus a small overhead per message, like real
    // tokenizers on English text.
    std::uint64_t hash = Fnv1a(model.substr(0, model.find('+')));
    std::string last_user;
    for (const canonical::Message& message : request.messages) {
        const std::string text = message.Text();
        plan.prompt_tokens += 4 + static_cast<std::int64_t>((text.size() + 3) / 4);
        hash = Fnv1a(text, hash);
        if (message.role == canonical::Role::kUser) {
            last_user = text;
        }
    }
    plan.id = "chatcmpl-mock-" + std::to_string(hash % 1'000'000'007ULL);

    if (request.sampling.max_tokens && *request.sampling.max_tokens < length) {
        length = *request.sampling.max_tokens;
        plan.finish_reason = "length";
    }
    if (length < 0) {
        length = 0;
    }
    // The first tokens quote the prompt so answers are recognisable; the rest is drawn from a
    // fixed vocabulary by a generator seeded with the request's hash.
    std::size_t cut = std::min<std::size_t>(40, last_user.size());
    while (cut > 0 && cut < last_user.size() && (static_cast<unsigned char>(last_user[cut]) & 0xC0) == 0x80) {
        --cut;  // never split a UTF-8 character: the answer must stay valid JSON text
    }
    const std::string quoted = "Mock reply to \"" + last_user.substr(0, cut) + "\":";
    std::uint64_t state = hash;
    for (std::int64_t i = 0; i < length; ++i) {
        if (i == 0) {
            plan.tokens.push_back(quoted);
            continue;
        }
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        plan.tokens.push_back(" " + std::string(kWords[(state >> 33) % std::size(kWords)]));
    }
    if (plan.tool_call) {
        plan.tool_name = request.tools.front().name;
        if (request.tool_choice.kind == canonical::ToolChoice::Kind::kFunction) {
            plan.tool_name = request.tool_choice.function_name;
        }
        plan.tool_arguments = "{\"query\":\"" + std::to_string(hash % 10'000) + "\",\"limit\":3}";
        plan.finish_reason = "tool_calls";
        plan.tokens.clear();
    }
    plan.fault_after = std::min<std::size_t>(3, plan.tokens.size());
    return plan;
}

std::string Content(const Plan& plan) {
    std::string out;
    for (const std::string& token : plan.tokens) {
        out += token;
    }
    return out;
}

std::string CompletionJson(const Plan& plan, std::int64_t created) {
    std::string out;
    JsonWriter w(out);
    w.BeginObject();
    w.Key("id").String(plan.id);
    w.Key("object").String("chat.completion");
    w.Key("created").Int(created);
    w.Key("model").String(plan.model);
    w.Key("system_fingerprint").String("fp_mock");
    w.Key("choices").BeginArray().BeginObject();
    w.Key("index").Int(0);
    w.Key("message").BeginObject().Key("role").String("assistant");
    if (plan.tool_call) {
        w.Key("content").Null();
        w.Key("tool_calls").BeginArray().BeginObject();
        w.Key("id").String("call_" + plan.id.substr(plan.id.size() > 8 ? plan.id.size() - 8 : 0));
        w.Key("type").String("function");
        w.Key("function").BeginObject().Key("name").String(plan.tool_name);
        w.Key("arguments").String(plan.tool_arguments).EndObject();
        w.EndObject().EndArray();
    } else {
        w.Key("content").String(Content(plan));
    }
    w.EndObject();
    w.Key("logprobs").Null();
    w.Key("finish_reason").String(plan.finish_reason);
    w.EndObject().EndArray();
    if (plan.usage) {
        WriteUsage(w, plan);
    }
    w.EndObject();
    return out;
}

std::string RoleChunk(const Plan& plan, std::int64_t created) {
    std::string out;
    JsonWriter w(out);
    w.BeginObject();
    ChunkHead(w, plan, created);
    w.Key("choices").BeginArray().BeginObject().Key("index").Int(0);
    w.Key("delta").BeginObject().Key("role").String("assistant").Key("content").String("").EndObject();
    w.Key("finish_reason").Null().EndObject().EndArray();
    w.EndObject();
    return Data(out);
}

std::string TokenChunk(const Plan& plan, std::int64_t created, std::string_view token) {
    std::string out;
    JsonWriter w(out);
    w.BeginObject();
    ChunkHead(w, plan, created);
    w.Key("choices").BeginArray().BeginObject().Key("index").Int(0);
    w.Key("delta").BeginObject().Key("content").String(token).EndObject();
    w.Key("finish_reason").Null().EndObject().EndArray();
    w.EndObject();
    return Data(out);
}

std::string ToolCallChunks(const Plan& plan, std::int64_t created) {
    // The arguments arrive in fragments, as real providers stream them.
    std::string events;
    const std::string& args = plan.tool_arguments;
    const std::size_t pieces = 4;
    const std::size_t step = (args.size() + pieces - 1) / pieces;
    for (std::size_t i = 0; i * step < args.size() || i == 0; ++i) {
        std::string out;
        JsonWriter w(out);
        w.BeginObject();
        ChunkHead(w, plan, created);
        w.Key("choices").BeginArray().BeginObject().Key("index").Int(0);
        w.Key("delta").BeginObject().Key("tool_calls").BeginArray().BeginObject().Key("index").Int(0);
        if (i == 0) {
            w.Key("id").String("call_" + plan.id.substr(plan.id.size() > 8 ? plan.id.size() - 8 : 0));
            w.Key("type").String("function");
        }
        w.Key("function").BeginObject();
        if (i == 0) {
            w.Key("name").String(plan.tool_name);
        }
        w.Key("arguments").String(args.substr(i * step, step)).EndObject();
        w.EndObject().EndArray().EndObject();
        w.Key("finish_reason").Null().EndObject().EndArray();
        w.EndObject();
        events += Data(out);
    }
    return events;
}

std::string FinishChunk(const Plan& plan, std::int64_t created) {
    std::string out;
    JsonWriter w(out);
    w.BeginObject();
    ChunkHead(w, plan, created);
    w.Key("choices").BeginArray().BeginObject().Key("index").Int(0);
    w.Key("delta").BeginObject().EndObject();
    w.Key("finish_reason").String(plan.finish_reason).EndObject().EndArray();
    w.EndObject();
    return Data(out);
}

std::string UsageChunk(const Plan& plan, std::int64_t created) {
    std::string out;
    JsonWriter w(out);
    w.BeginObject();
    ChunkHead(w, plan, created);
    w.Key("choices").BeginArray().EndArray();
    WriteUsage(w, plan);
    w.EndObject();
    return Data(out);
}

std::string ErrorBody(int status, std::string_view message) {
    std::string out;
    JsonWriter w(out);
    std::string_view type = status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
    w.BeginObject().Key("error").BeginObject();
    w.Key("message").String(message).Key("type").String(type).Key("code").String(type);
    w.EndObject().EndObject();
    return out;
}

}  // namespace switchyard::mock
