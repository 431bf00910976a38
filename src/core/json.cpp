#include "core/json.hpp"

namespace switchyard::core::json {

dom::parser& ThreadParser() {
    thread_local dom::parser parser = [] {
        dom::parser p;
        // Allocating once with our depth bound; later documents grow capacity but keep the bound.
        if (p.allocate(64 * 1024, kMaxDepth) != simdjson::SUCCESS) {
            // Allocation failures surface on the first parse as MEMALLOC errors.
        }
        return p;
    }();
    return parser;
}

simdjson::simdjson_result<dom::element> Parse(dom::parser& parser, std::string_view text, bool padded) {
    if (text.data() == nullptr) {
        // simdjson memcpy()s the text, and memcpy must not see a null pointer even for 0 bytes.
        text = std::string_view("", 0);
    }
    return parser.parse(text.data(), text.size(), !padded);
}

simdjson::simdjson_result<dom::element> ParseString(dom::parser& parser, const std::string& text) {
    const bool padded = text.capacity() >= text.size() + simdjson::SIMDJSON_PADDING;
    return parser.parse(text.data(), text.size(), !padded);
}

std::string Serialize(dom::element element) { return simdjson::minify(element); }

void AppendSerialized(std::string& out, dom::element element) { out.append(simdjson::minify(element)); }

std::string_view GetString(dom::object object, std::string_view key, std::string_view fallback) {
    std::string_view value;
    if (object[key].get(value) != simdjson::SUCCESS) {
        return fallback;
    }
    return value;
}

bool HasField(dom::object object, std::string_view key) {
    dom::element element;
    return object[key].get(element) == simdjson::SUCCESS;
}

std::string DescribeError(simdjson::error_code code) {
    switch (code) {
        case simdjson::DEPTH_ERROR: return "JSON nesting is deeper than " + std::to_string(kMaxDepth) + " levels";
        case simdjson::UTF8_ERROR: return "the body is not valid UTF-8";
        case simdjson::EMPTY: return "the body is empty";
        case simdjson::CAPACITY: return "the JSON document is too large";
        default: return std::string("invalid JSON: ") + simdjson::error_message(code);
    }
}

}  // namespace switchyard::core::json
