#pragma once
// Token counting with OpenAI's BPE encodings, for usage reports when a provider gives none (the
// count is then marked estimated). Encodings reproduce js-tiktoken exactly: its split patterns
// and rank tables (embedded at build time from the pinned npm package, tools/tokenizer/).
//
// All functions are thread-safe. The first use of an encoding builds its lookup index (1 ms and
// 1 MiB for cl100k_base, 2.5 ms and 2 MiB for o200k_base, over 1.0 MB and 2.2 MB of embedded
// rank data); later calls allocate nothing beyond their result, except for pieces longer than
// 128 bytes (long words, whitespace runs), whose merge uses the heap.
//
// Text is treated as ordinary text: special-token strings such as "<|endoftext|>" are encoded
// as the characters they are, never as special tokens. Input should be valid UTF-8; invalid
// bytes are tolerated (each counts as one punctuation-like unit and is encoded from its raw
// byte), so a malformed string still yields a finite, plausible count.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace switchyard::canonical {
struct ChatRequest;
}

namespace switchyard::tokenizer {

enum class Encoding : std::uint8_t { kCl100kBase, kO200kBase };

/// "cl100k_base" or "o200k_base".
std::string_view EncodingName(Encoding encoding);

/// Which encoding approximates a model best: o200k for OpenAI's gpt-4o/4.1/4.5/5*/o1/o3/o4 and
/// "openai/gpt-oss*"; cl100k for everything else (a documented approximation for non-OpenAI
/// models). Accepts "openai/gpt-4o-mini", a bare "gpt-4o-mini", and ":variant" suffixes.
Encoding EncodingForModel(std::string_view model_id);

/// Token ids of `text`, identical to js-tiktoken's encode(text, [], []).
std::vector<std::uint32_t> Encode(std::string_view text, Encoding encoding);

/// The number of tokens Encode would return, without building the vector.
std::int64_t CountTokens(std::string_view text, Encoding encoding);

/// Image parts are not text; these fixed estimates follow OpenAI's published image pricing
/// (85 base tokens at detail "low"; 85 + 170 per 512-px tile, here four tiles, otherwise).
inline constexpr std::int64_t kLowDetailImageTokens = 85;
inline constexpr std::int64_t kImageTokens = 765;

/// Prompt tokens of a chat request as OpenAI counts them for chat models (the cookbook's
/// num_tokens_from_messages): 3 per message, plus the tokens of the role and of the content
/// text, plus the tokens of `name` and 1 more when it is set, plus 3 to prime the reply.
/// Assistant turns also count their reasoning, refusal and tool calls (name and arguments) as
/// text. Each tool definition counts as the tokens of its JSON text
/// {"type":"function","function":{"name":...,"description":...,"parameters":...}}, and a
/// json_schema response format as the tokens of its schema. Images count kLowDetailImageTokens
/// or kImageTokens; file and audio parts count nothing, since what they cost depends on how the
/// provider extracts or transcribes them.
std::int64_t CountPromptTokens(const canonical::ChatRequest& request, Encoding encoding);

/// Memory held by the encoding's tables (embedded rank data plus the index over it), not
/// counting the 64 KiB Unicode property table that both encodings share. Loads the tables if
/// they are not loaded yet.
std::size_t TableMemoryBytes(Encoding encoding);

}  // namespace switchyard::tokenizer
