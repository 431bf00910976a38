#pragma once
// JSON input goes through simdjson's DOM parser: it validates UTF-8, bounds nesting depth and
// reuses its buffers, so parsing a request or a stream chunk allocates nothing in steady state.
// Output is written with JsonWriter. Include this header only where JSON is parsed: simdjson.h
// is large.

#include <string>
#include <string_view>

#include <simdjson.h>

namespace switchyard::core::json {

namespace dom = simdjson::dom;

/// Deeper documents are rejected (hostile nesting must not cost stack or time).
inline constexpr std::size_t kMaxDepth = 128;

/// The calling thread's parser. A document it returns is valid until the thread's next Parse,
/// so callers copy what they need out before parsing again.
dom::parser& ThreadParser();

/// Parses `text`; copies it into padded scratch unless `padded` says the bytes after it (up to
/// SIMDJSON_PADDING) are readable. Errors: invalid JSON, invalid UTF-8, too deep.
simdjson::simdjson_result<dom::element> Parse(dom::parser& parser, std::string_view text, bool padded = false);
/// Parses a std::string whose capacity may already provide the padding.
simdjson::simdjson_result<dom::element> ParseString(dom::parser& parser, const std::string& text);

/// Re-serialises an element (minified) for raw pass-through.
std::string Serialize(dom::element element);
void AppendSerialized(std::string& out, dom::element element);

/// Small typed accessors that treat a missing field and a wrong type alike as "absent".
std::string_view GetString(dom::object object, std::string_view key, std::string_view fallback = {});
bool HasField(dom::object object, std::string_view key);

/// Describes a simdjson error for a client ("invalid JSON at ...").
std::string DescribeError(simdjson::error_code code);

}  // namespace switchyard::core::json
