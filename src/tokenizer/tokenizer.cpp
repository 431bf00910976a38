#include "tokenizer/tokenizer.hpp"

#include <array>
#include <string>

#include "canonical/chat.hpp"
#include "core/json_writer.hpp"
#include "tokenizer/pretokenizer.hpp"
#include "tokenizer/rank_table.hpp"

namespace switchyard::tokenizer {
namespace {

constexpr std::size_t kMaxMergeBytes = std::size_t{1} << 31;

/// Splits `text` and calls `emit(rank)` for every token, in order.
template <typename Emit>
void EncodeWith(std::string_view text, Encoding encoding, Emit&& emit) {
    const detail::RankTable& table = detail::TableFor(encoding);
    detail::PreTokenizer pieces(text, encoding);
    std::array<std::uint32_t, detail::kSmallPiece> small;
    std::vector<std::uint32_t> large;
    for (std::string_view piece = pieces.Next(); !piece.empty(); piece = pieces.Next()) {
        // Most pieces of ordinary text are whole tokens: one hash lookup.
        if (const std::uint32_t rank = table.Find(piece); rank != detail::kNoRank) {
            emit(rank);
            continue;
        }
        // The merge indexes bytes with 32 bits. No request holds a single piece anywhere near
        // that size, but cutting it keeps hostile input safe (the count is then approximate).
        for (std::string_view rest = piece; !rest.empty();) {
            const std::string_view part = rest.substr(0, kMaxMergeBytes);
            rest.remove_prefix(part.size());
            std::uint32_t* out = small.data();
            if (part.size() > small.size()) {
                large.resize(part.size());
                out = large.data();
            }
            const std::size_t count = detail::BytePairEncode(table, part, out);
            for (std::size_t i = 0; i < count; ++i) {
                emit(out[i]);
            }
        }
    }
}

/// True when `name` is `prefix`, or `prefix` followed by a separator ("gpt-4o-mini",
/// "gpt-5.1", "o3:online"), so that "o1" does not claim "o10" or "gpt-4o" "gpt-4omni".
bool IsModelFamily(std::string_view name, std::string_view prefix) {
    if (!name.starts_with(prefix)) {
        return false;
    }
    if (name.size() == prefix.size()) {
        return true;
    }
    const char next = name[prefix.size()];
    return next == '-' || next == '.' || next == ':' || next == '_';
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
    return encoding == Encoding::kO200kBase ? "o200k_base" : "cl100k_base";
}

Encoding EncodingForModel(std::string_view model_id) {
    std::string_view name = model_id;
    if (name.starts_with("openai/")) {
        name.remove_prefix(7);
    } else if (name.find('/') != std::string_view::npos) {
        return Encoding::kCl100kBase;  // another vendor's model
    }
    static constexpr std::string_view kO200kFamilies[] = {
        "gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "gpt-oss",
    };
    for (const std::string_view family : kO200kFamilies) {
        if (IsModelFamily(name, family)) {
            return Encoding::kO200kBase;
        }
    }
    // The older OpenAI chat models (gpt-4, gpt-4-turbo, gpt-3.5-turbo) use cl100k_base, which
    // is also the approximation for every other vendor's models.
    return Encoding::kCl100kBase;
}

std::vector<std::uint32_t> Encode(std::string_view text, Encoding encoding) {
    std::vector<std::uint32_t> tokens;
    // English averages about four bytes per token; one reservation covers most texts.
    tokens.reserve(text.size() / 4 + 1);
    EncodeWith(text, encoding, [&](std::uint32_t rank) { tokens.push_back(rank); });
    return tokens;
}

std::int64_t CountTokens(std::string_view text, Encoding encoding) {
    std::int64_t count = 0;
    EncodeWith(text, encoding, [&](std::uint32_t) { ++count; });
    return count;
}

std::int64_t CountPromptTokens(const canonical::ChatRequest& request, Encoding encoding) {
    constexpr std::int64_t kTokensPerMessage = 3;
    constexpr std::int64_t kTokensPerName = 1;
    constexpr std::int64_t kReplyPriming = 3;
    const auto count = [encoding](std::string_view text) {
        return text.empty() ? 0 : CountTokens(text, encoding);
    };

    std::int64_t total = kReplyPriming;
    for (const canonical::Message& message : request.messages) {
        total += kTokensPerMessage + count(canonical::RoleName(message.role));
        if (!message.name.empty()) {
            total += count(message.name) + kTokensPerName;
        }
        for (const canonical::ContentPart& part : message.content) {
            switch (part.kind) {
                case canonical::PartKind::kText:
                    total += count(part.text);
                    break;
                case canonical::PartKind::kImage:
                    total += part.detail == "low" ? kLowDetailImageTokens : kImageTokens;
                    break;
                case canonical::PartKind::kFile:
                case canonical::PartKind::kInputAudio:
                    break;
            }
        }
        total += count(message.reasoning) + count(message.refusal);
        for (const canonical::ToolCall& call : message.tool_calls) {
            total += count(call.name) + count(call.arguments);
        }
    }

    std::string json;
    for (const canonical::Tool& tool : request.tools) {
        json.clear();
        core::JsonWriter writer(json);
        writer.BeginObject().Key("type").String("function").Key("function").BeginObject();
        writer.Key("name").String(tool.name);
        if (!tool.description.empty()) {
            writer.Key("description").String(tool.description);
        }
        if (!tool.parameters.empty()) {
            writer.Key("parameters").Raw(tool.parameters);
        }
        writer.EndObject().EndObject();
        total += count(json);
    }
    if (request.response_format.kind == canonical::ResponseFormat::Kind::kJsonSchema) {
        total += count(request.response_format.schema);
    }
    return total;
}

std::size_t TableMemoryBytes(Encoding encoding) {
    return detail::TableFor(encoding).MemoryBytes();
}

}  // namespace switchyard::tokenizer
