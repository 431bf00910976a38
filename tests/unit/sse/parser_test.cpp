#include "sse/parser.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace switchyard::sse {
namespace {

struct Seen {
    std::string event;
    std::string data;
    std::string id;
    bool operator==(const Seen&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Seen& seen) {
    return os << "{event=\"" << seen.event << "\" data=\"" << seen.data << "\" id=\"" << seen.id
              << "\"}";
}

/// Feeds `pieces` in order to a fresh parser and returns the events it dispatched.
std::vector<Seen> FeedAll(const std::vector<std::string_view>& pieces,
                          std::size_t max = Parser::kDefaultMaxEventBytes,
                          FeedStatus* last_status = nullptr, Parser* out_parser = nullptr) {
    Parser local(max);
    Parser& parser = out_parser != nullptr ? *out_parser : local;
    std::vector<Seen> seen;
    FeedStatus status = FeedStatus::kOk;
    for (std::string_view piece : pieces) {
        status = parser.Feed(piece, [&](const Event& e) {
            seen.push_back({e.event, e.data, e.id});
        });
        if (status != FeedStatus::kOk) {
            break;
        }
    }
    if (last_status != nullptr) {
        *last_status = status;
    }
    return seen;
}

std::vector<Seen> FeedWhole(std::string_view text) {
    return FeedAll({text});
}

std::vector<Seen> FeedBytes(std::string_view text) {
    std::vector<std::string_view> pieces;
    for (std::size_t i = 0; i < text.size(); ++i) {
        pieces.push_back(text.substr(i, 1));
    }
    return FeedAll(pieces);
}

// Every line-ending style, comments, multi-line data, fields, an event without data and a
// field without a colon, in one stream.
const std::string kStream =
    ": this is a comment\n"
    "event: ping\n"
    "data: a\n"
    "\n"
    "data: first line\r\n"
    "data: second line\r\n"
    "id: 42\r\n"
    "\r\n"
    "data:no space\r"
    "\r"
    "id: 7\n"
    "event: lonely\n"
    "\n"
    "retry: 100\n"
    "unknown: x\n"
    "data:  two spaces\n"
    "\n"
    ": keep-alive\r\n"
    "event:update\r"
    "data: {\"x\":1}\r"
    "data\r"
    "\r"
    "data: {\"choices\":[]}\n\n";

const std::vector<Seen> kExpected = {
    {"ping", "a", ""},       {"", "first line\nsecond line", "42"}, {"", "no space", ""},
    {"", " two spaces", ""}, {"update", "{\"x\":1}\n", ""},         {"", "{\"choices\":[]}", ""},
};

TEST(Parser, ParsesAMixedStreamFedWhole) {
    EXPECT_EQ(FeedWhole(kStream), kExpected);
}

TEST(Parser, ParsesAMixedStreamFedByteByByte) {
    EXPECT_EQ(FeedBytes(kStream), kExpected);
}

TEST(Parser, EveryTwoWaySplitGivesTheSameEvents) {
    for (std::size_t split = 0; split <= kStream.size(); ++split) {
        const std::string_view text = kStream;
        EXPECT_EQ(FeedAll({text.substr(0, split), text.substr(split)}), kExpected)
            << "split at " << split;
    }
}

TEST(Parser, EveryThreeWaySplitGivesTheSameEvents) {
    const std::string_view text = kStream;
    for (std::size_t a = 0; a <= text.size(); a += 3) {
        for (std::size_t b = a; b <= text.size(); ++b) {
            ASSERT_EQ(FeedAll({text.substr(0, a), text.substr(a, b - a), text.substr(b)}),
                      kExpected)
                << "split at " << a << " and " << b;
        }
    }
}

TEST(Parser, LineEndingStyles) {
    const std::vector<Seen> one = {{"", "x", ""}};
    EXPECT_EQ(FeedWhole("data: x\n\n"), one);
    EXPECT_EQ(FeedWhole("data: x\r\n\r\n"), one);
    EXPECT_EQ(FeedWhole("data: x\r\r"), one);
    EXPECT_EQ(FeedWhole("data: x\r\n\n"), one);
    EXPECT_EQ(FeedWhole("data: x\n\r\n"), one);
    EXPECT_EQ(FeedWhole("data: x\r\n\r"), one);
}

TEST(Parser, CrAtTheEndOfOneFeedAndLfAtTheStartOfTheNext) {
    // The LF completes the CR's line ending; it is not a second (blank) line.
    EXPECT_EQ(FeedAll({"data: a\r", "\ndata: b\r", "\n\r", "\n"}),
              (std::vector<Seen>{{"", "a\nb", ""}}));
    // A CR followed by a CR in the next feed is a blank line: the event ends.
    EXPECT_EQ(FeedAll({"data: a\r", "\r", "data: b\r", "\r"}),
              (std::vector<Seen>{{"", "a", ""}, {"", "b", ""}}));
    // A lone CR ending a feed, then ordinary text.
    EXPECT_EQ(FeedAll({"data: a\r", "data: b\n\n"}), (std::vector<Seen>{{"", "a\nb", ""}}));
}

TEST(Parser, EventsWithoutDataAreNotDispatched) {
    EXPECT_TRUE(FeedWhole("event: ping\n\n").empty());
    EXPECT_TRUE(FeedWhole("id: 1\nevent: x\nretry: 5\n\n").empty());
    EXPECT_TRUE(FeedWhole(": only a comment\n\n").empty());
    EXPECT_TRUE(FeedWhole("\n\n\n").empty());
    // The discarded fields do not leak into the next event.
    EXPECT_EQ(FeedWhole("event: stale\nid: 9\n\ndata: fresh\n\n"),
              (std::vector<Seen>{{"", "fresh", ""}}));
}

TEST(Parser, IncompleteEventIsNotDispatched) {
    EXPECT_TRUE(FeedWhole("data: x\n").empty());
    EXPECT_TRUE(FeedWhole("data: x").empty());
}

TEST(Parser, CountsComments) {
    Parser parser;
    int events = 0;
    parser.Feed(": one\n:two\n\n: three\ndata: x\n\n", [&](const Event&) { ++events; });
    EXPECT_EQ(parser.comments(), 3u);
    EXPECT_EQ(events, 1);
}

TEST(Parser, StripsALeadingByteOrderMark) {
    const std::string text =
        "\xEF\xBB\xBF"
        "data: x\n\n";
    const std::vector<Seen> expected = {{"", "x", ""}};
    EXPECT_EQ(FeedWhole(text), expected);
    EXPECT_EQ(FeedBytes(text), expected);
    for (std::size_t split = 0; split <= text.size(); ++split) {
        const std::string_view view = text;
        EXPECT_EQ(FeedAll({view.substr(0, split), view.substr(split)}), expected)
            << "split at " << split;
    }
}

TEST(Parser, OnlyTheFirstByteOrderMarkIsStripped) {
    // A second BOM is ordinary text: here it makes the field name unknown, so the line is ignored.
    EXPECT_EQ(FeedWhole("\xEF\xBB\xBF\xEF\xBB\xBF"
                        "data: x\n\ndata: y\n\n"),
              (std::vector<Seen>{{"", "y", ""}}));
    EXPECT_EQ(FeedWhole("data: a\n\n\xEF\xBB\xBF"
                        "data: b\n\n"),
              (std::vector<Seen>{{"", "a", ""}}));
}

TEST(Parser, ReportsAnEventLargerThanTheLimit) {
    FeedStatus status = FeedStatus::kOk;
    EXPECT_TRUE(FeedAll({"data: 0123456789abcdef\n\n"}, 16, &status).empty());
    EXPECT_EQ(status, FeedStatus::kEventTooLarge);

    // Several lines that are small alone but too large together.
    status = FeedStatus::kOk;
    EXPECT_TRUE(FeedAll({"data: 12345\ndata: 12345\ndata: 12345\n\n"}, 16, &status).empty());
    EXPECT_EQ(status, FeedStatus::kEventTooLarge);

    // A line that never ends is bounded too, however it is split.
    status = FeedStatus::kOk;
    const std::string endless(64, 'x');
    EXPECT_TRUE(
        FeedAll({"data: ", endless.substr(0, 8), endless.substr(8, 8), endless}, 16, &status)
            .empty());
    EXPECT_EQ(status, FeedStatus::kEventTooLarge);
}

TEST(Parser, AcceptsEventsExactlyAtTheLimit) {
    const std::string text = "data: 0123456789\n\ndata: abcdefghij\n\n";  // each line is 16 bytes
    const std::vector<Seen> expected = {{"", "0123456789", ""}, {"", "abcdefghij", ""}};
    FeedStatus status = FeedStatus::kEventTooLarge;
    EXPECT_EQ(FeedAll({text}, 16, &status), expected);
    EXPECT_EQ(status, FeedStatus::kOk);
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bytes.push_back(std::string_view(text).substr(i, 1));
    }
    EXPECT_EQ(FeedAll(bytes, 16, &status), expected);
    EXPECT_EQ(status, FeedStatus::kOk);
}

TEST(Parser, HasPartialTellsWhetherTheStreamStoppedMidEvent) {
    auto partial_after = [](std::string_view text) {
        Parser parser;
        parser.Feed(text, [](const Event&) {});
        return parser.HasPartial();
    };
    EXPECT_FALSE(partial_after(""));
    EXPECT_TRUE(partial_after("data: x"));
    EXPECT_TRUE(partial_after("data: x\n"));
    EXPECT_TRUE(partial_after("event: y\n"));
    EXPECT_TRUE(partial_after(": unterminated comment"));
    EXPECT_TRUE(partial_after("\xEF\xBB"));
    EXPECT_FALSE(partial_after("data: x\n\n"));
    EXPECT_FALSE(partial_after("event: y\n\n"));
    EXPECT_FALSE(partial_after(": comment\n"));
    EXPECT_FALSE(partial_after("data: x\r\n\r\n"));
    EXPECT_FALSE(partial_after("data: x\r\r"));
}

TEST(Writers, AppendEvent) {
    std::string out;
    AppendEvent(out, "", "a\nb");
    EXPECT_EQ(out, "data: a\ndata: b\n\n");
    out.clear();
    AppendEvent(out, "update", "x");
    EXPECT_EQ(out, "event: update\ndata: x\n\n");
    out.clear();
    AppendEvent(out, "", "");
    EXPECT_EQ(out, "data: \n\n");
    out = "kept";
    AppendEvent(out, "e", "d\n");
    EXPECT_EQ(out, "keptevent: e\ndata: d\ndata: \n\n");
}

TEST(Writers, AppendDataAndComment) {
    std::string out;
    AppendData(out, "{\"a\":1}");
    AppendComment(out, "switchyard processing");
    AppendData(out, "[DONE]");
    EXPECT_EQ(out, "data: {\"a\":1}\n\n: switchyard processing\n\ndata: [DONE]\n\n");
}

TEST(Writers, WhatIsWrittenParsesBack) {
    std::string out;
    AppendEvent(out, "message_delta", "line one\nline two\n\nafter a blank line");
    AppendComment(out, "ka");
    AppendData(out, "{\"x\":\"y\"}");
    Parser parser;
    std::vector<Seen> seen;
    EXPECT_EQ(parser.Feed(out,
                          [&](const Event& e) {
                              seen.push_back({e.event, e.data, e.id});
                          }),
              FeedStatus::kOk);
    EXPECT_EQ(seen,
              (std::vector<Seen>{{"message_delta", "line one\nline two\n\nafter a blank line", ""},
                                 {"", "{\"x\":\"y\"}", ""}}));
    EXPECT_EQ(parser.comments(), 1u);
    EXPECT_FALSE(parser.HasPartial());
}

}  // namespace
}  // namespace switchyard::sse
