#include "core/strings.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace switchyard::core {
namespace {

TEST(IsValidUtf8, AcceptsWellFormedText) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("plain ascii \x7f"));
    EXPECT_TRUE(IsValidUtf8("\xC3\xA9"));          // U+00E9
    EXPECT_TRUE(IsValidUtf8("\xC2\x80"));          // U+0080, smallest 2-byte
    EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80"));      // U+0800, smallest 3-byte
    EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));      // U+20AC
    EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
    EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000, just above them
    EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80"));  // U+10000, smallest 4-byte
    EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
    EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
    EXPECT_TRUE(IsValidUtf8(std::string_view("\0", 1)));
}

TEST(IsValidUtf8, RejectsOverlongEncodings) {
    EXPECT_FALSE(IsValidUtf8("\xC0\x80"));  // overlong NUL
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));  // overlong '/'
    EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));
    EXPECT_FALSE(IsValidUtf8("\xE0\x80\x80"));
    EXPECT_FALSE(IsValidUtf8("\xE0\x9F\xBF"));
    EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\x80"));
    EXPECT_FALSE(IsValidUtf8("\xF0\x8F\xBF\xBF"));
}

TEST(IsValidUtf8, RejectsSurrogatesAndCodePointsPastU10FFFF) {
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));              // U+D800
    EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));              // U+DFFF
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 style surrogate pair
    EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));          // U+110000
    EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
    EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));
    EXPECT_FALSE(IsValidUtf8("\xFF"));
    EXPECT_FALSE(IsValidUtf8("\xFE"));
}

TEST(IsValidUtf8, RejectsBrokenSequences) {
    EXPECT_FALSE(IsValidUtf8("\x80"));  // lone continuation byte
    EXPECT_FALSE(
        IsValidUtf8("a\xBF"
                    "b"));
    EXPECT_FALSE(IsValidUtf8("\xE2\x82"));  // truncated at the end
    EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));
    EXPECT_FALSE(IsValidUtf8("\xC3"));
    EXPECT_FALSE(IsValidUtf8("\xE2\x28\xA1"));  // bad second byte
    EXPECT_FALSE(IsValidUtf8("\xE2\x82\x28"));  // bad third byte
    EXPECT_FALSE(IsValidUtf8("\xC3\xA9\xC3"));  // valid, then truncated
}

TEST(SplitTrimmed, TrimsAndDropsEmptyPieces) {
    EXPECT_EQ(SplitTrimmed(" a, b ,,c ,", ','), (std::vector<std::string_view>{"a", "b", "c"}));
    EXPECT_EQ(SplitTrimmed("abc", ','), (std::vector<std::string_view>{"abc"}));
    EXPECT_TRUE(SplitTrimmed("", ',').empty());
    EXPECT_TRUE(SplitTrimmed(" , \t,\r\n", ',').empty());
    EXPECT_EQ(SplitTrimmed("1.2.3.4,\t5.6.7.8", ','),
              (std::vector<std::string_view>{"1.2.3.4", "5.6.7.8"}));
    EXPECT_EQ(SplitTrimmed("a;b c;", ';'), (std::vector<std::string_view>{"a", "b c"}));
}

TEST(ParseInt, ParsesWholeDecimalIntegers) {
    EXPECT_EQ(ParseInt("0"), 0);
    EXPECT_EQ(ParseInt("42"), 42);
    EXPECT_EQ(ParseInt("-5"), -5);
    EXPECT_EQ(ParseInt("007"), 7);
    EXPECT_EQ(ParseInt("9223372036854775807"), INT64_MAX);
    EXPECT_EQ(ParseInt("-9223372036854775808"), INT64_MIN);
}

TEST(ParseInt, RejectsEverythingElse) {
    for (const char* text : {"", "-", "9223372036854775808", "-9223372036854775809", "12a", "a12",
                             " 1", "1 ", "1.0", "1e3", "0x10", "+5", "--1"}) {
        EXPECT_EQ(ParseInt(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(Strings, TrimIEqualsToLowerHexEncode) {
    EXPECT_EQ(Trim(" \t\r\nx y\n "), "x y");
    EXPECT_EQ(Trim("   "), "");
    EXPECT_TRUE(IEquals("Content-Type", "content-TYPE"));
    EXPECT_FALSE(IEquals("abc", "abd"));
    EXPECT_FALSE(IEquals("abc", "abcd"));
    EXPECT_EQ(ToLower("MiXeD-42\xC3\x89"), "mixed-42\xC3\x89");  // ASCII only
    EXPECT_EQ(HexEncode(std::string_view("\x00\x01\xAB\xFF", 4)), "0001abff");
    EXPECT_EQ(HexEncode(""), "");
}

}  // namespace
}  // namespace switchyard::core
