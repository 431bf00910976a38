#include "core/json_writer.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "unit/test_json.hpp"

namespace switchyard::core {
namespace {

std::string Quoted(std::string_view text) {
    std::string out;
    AppendJsonString(out, text);
    return out;
}

TEST(AppendJsonString, EscapesQuotesAndBackslashes) {
    EXPECT_EQ(Quoted(R"(a"b\c)"), R"("a\"b\\c")");
    EXPECT_EQ(Quoted(""), R"("")");
    EXPECT_EQ(Quoted("/"), R"("/")");
}

TEST(AppendJsonString, EscapesControlCharacters) {
    EXPECT_EQ(Quoted("\n\r\t\b\f"), R"("\n\r\t\b\f")");
    EXPECT_EQ(Quoted("\x01"), R"("\u0001")");
    EXPECT_EQ(Quoted("\x1f"), R"("\u001f")");
    EXPECT_EQ(Quoted(std::string_view("a\0b", 3)), R"("a\u0000b")");
    EXPECT_EQ(Quoted("\x7f"), "\"\x7f\"");  // DEL is not a control character in JSON
}

TEST(AppendJsonString, PassesUtf8Through) {
    EXPECT_EQ(Quoted("h\xC3\xA9llo \xF0\x9F\x98\x80 \xE2\x82\xAC"),
              "\"h\xC3\xA9llo \xF0\x9F\x98\x80 \xE2\x82\xAC\"");
}

TEST(AppendJsonString, EveryAsciiCharacterRoundTripsThroughAParser) {
    std::string all;
    for (int c = 0; c < 128; ++c) {
        all.push_back(static_cast<char>(c));
    }
    const std::string json = Quoted(all);
    simdjson::dom::parser parser;
    std::string_view parsed;
    ASSERT_EQ(testing::ParseJson(parser, json).get(parsed), simdjson::SUCCESS);
    EXPECT_EQ(parsed, all);
}

TEST(AppendJsonEscaped, WritesNoQuotes) {
    std::string out = "x";
    AppendJsonEscaped(out, "say \"hi\"");
    EXPECT_EQ(out, R"(xsay \"hi\")");
}

TEST(JsonWriter, SeparatesMembersAndNestsContainers) {
    std::string out;
    JsonWriter w(out);
    w.BeginObject();
    w.Key("a").Int(1);
    w.Key("b").BeginArray().Int(1).String("x").Null().Bool(true).Bool(false).EndArray();
    w.Key("c").BeginObject().EndObject();
    w.Key("d")
        .BeginArray()
        .BeginObject()
        .Key("e")
        .Uint(2)
        .EndObject()
        .BeginObject()
        .EndObject()
        .EndArray();
    w.Key("f").BeginArray().EndArray();
    w.Key("g").Raw(R"({"raw":[1,2]})");
    w.Key("h").Usd(150'000'000);
    w.EndObject();
    EXPECT_EQ(
        out,
        R"({"a":1,"b":[1,"x",null,true,false],"c":{},"d":[{"e":2},{}],"f":[],"g":{"raw":[1,2]},"h":0.00015})");
}

TEST(JsonWriter, WritesIntegerExtremes) {
    std::string out;
    JsonWriter w(out);
    w.BeginArray();
    w.Int(std::numeric_limits<std::int64_t>::min())
        .Int(std::numeric_limits<std::int64_t>::max())
        .Int(0);
    w.Uint(std::numeric_limits<std::uint64_t>::max());
    w.Usd(0).Usd(-1);
    w.EndArray();
    EXPECT_EQ(
        out, "[-9223372036854775808,9223372036854775807,0,18446744073709551615,0,-0.000000000001]");
}

TEST(JsonWriter, EscapesKeys) {
    std::string out;
    JsonWriter w(out);
    w.BeginObject().Key("a\"b").String("v\n").EndObject();
    EXPECT_EQ(out, R"({"a\"b":"v\n"})");
}

TEST(JsonWriter, AppendsToExistingText) {
    std::string out = "data: ";
    JsonWriter w(out);
    w.BeginObject().Key("k").String("v").EndObject();
    EXPECT_EQ(out, R"(data: {"k":"v"})");
    EXPECT_EQ(&w.out(), &out);
}

TEST(JsonWriter, OutputParses) {
    std::string out;
    JsonWriter w(out);
    w.BeginObject().Key("text").String("line1\nline2 \"q\" \\ \x02 \xC3\xA9").Key("n").BeginArray();
    for (int i = 0; i < 5; ++i) {
        w.BeginObject().Key("i").Int(i).EndObject();
    }
    w.EndArray().EndObject();
    simdjson::dom::parser parser;
    simdjson::dom::element root = testing::ParseJson(parser, out);
    std::string_view text;
    ASSERT_EQ(root["text"].get(text), simdjson::SUCCESS);
    EXPECT_EQ(text, "line1\nline2 \"q\" \\ \x02 \xC3\xA9");
    simdjson::dom::array n;
    ASSERT_EQ(root["n"].get(n), simdjson::SUCCESS);
    EXPECT_EQ(n.size(), 5u);
}

}  // namespace
}  // namespace switchyard::core
