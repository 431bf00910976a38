#pragma once
// Helpers for unit tests that check JSON output: parse with a test-owned simdjson parser (the
// code under test uses the thread's own parser, so elements it returns must not be mixed up).

#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace switchyard::testing {

/// Parses `text` and fails the current test when it is not valid JSON.
inline simdjson::dom::element ParseJson(simdjson::dom::parser& parser, std::string_view text) {
    simdjson::dom::element root;
    const auto error = parser.parse(text.data(), text.size(), true).get(root);
    EXPECT_EQ(error, simdjson::SUCCESS)
        << "not valid JSON (" << simdjson::error_message(error) << "): " << text;
    return root;
}

/// The payload of one `data: <payload>\n\n` SSE event written by an encoder.
inline std::string_view DataPayload(std::string_view event) {
    constexpr std::string_view kPrefix = "data: ";
    constexpr std::string_view kSuffix = "\n\n";
    EXPECT_TRUE(event.substr(0, kPrefix.size()) == kPrefix) << event;
    EXPECT_TRUE(event.size() >= kPrefix.size() + kSuffix.size() &&
                event.substr(event.size() - kSuffix.size()) == kSuffix)
        << event;
    if (event.size() < kPrefix.size() + kSuffix.size()) {
        return {};
    }
    return event.substr(kPrefix.size(), event.size() - kPrefix.size() - kSuffix.size());
}

}  // namespace switchyard::testing
