#pragma once
// A tiny JSON reader for comparing golden files: objects compare by key (order-insensitive),
// numbers by their exact text (so "0.00000315" never equals "3.15e-6": money must print
// exactly), strings by their decoded value. Test-only; not for production input.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::golden {

struct JsonValue {
    enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
    Kind kind = Kind::kNull;
    bool boolean = false;
    std::string text;               // number: its literal text; string: the decoded value
    std::vector<JsonValue> items;   // array items, or object values
    std::vector<std::string> keys;  // object keys, parallel to `items`
};

class JsonReader {
  public:
    explicit JsonReader(std::string_view text) : text_(text) {}

    /// Parses the whole text; on failure returns nullopt and sets error().
    std::optional<JsonValue> Parse() {
        JsonValue value;
        SkipSpace();
        if (!Value(value, 0)) {
            return std::nullopt;
        }
        SkipSpace();
        if (pos_ != text_.size()) {
            return Fail("trailing characters");
        }
        return value;
    }
    const std::string& error() const { return error_; }

  private:
    std::nullopt_t Fail(std::string what) {
        if (error_.empty()) {
            error_ = what + " at offset " + std::to_string(pos_);
        }
        return std::nullopt;
    }
    void SkipSpace() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                       text_[pos_] == '\r' || text_[pos_] == '\t')) {
            ++pos_;
        }
    }
    bool Literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) {
            Fail("unexpected token");
            return false;
        }
        pos_ += word.size();
        return true;
    }
    bool Value(JsonValue& out, int depth) {
        if (depth > 200 || pos_ >= text_.size()) {
            Fail("unexpected end or nesting");
            return false;
        }
        const char c = text_[pos_];
        if (c == 'n') {
            out.kind = JsonValue::Kind::kNull;
            return Literal("null");
        }
        if (c == 't' || c == 'f') {
            out.kind = JsonValue::Kind::kBool;
            out.boolean = c == 't';
            return Literal(c == 't' ? "true" : "false");
        }
        if (c == '"') {
            out.kind = JsonValue::Kind::kString;
            return String(out.text);
        }
        if (c == '[') {
            out.kind = JsonValue::Kind::kArray;
            ++pos_;
            SkipSpace();
            if (pos_ < text_.size() && text_[pos_] == ']') {
                ++pos_;
                return true;
            }
            while (true) {
                SkipSpace();
                out.items.emplace_back();
                if (!Value(out.items.back(), depth + 1)) {
                    return false;
                }
                SkipSpace();
                if (pos_ < text_.size() && text_[pos_] == ',') {
                    ++pos_;
                    continue;
                }
                if (pos_ < text_.size() && text_[pos_] == ']') {
                    ++pos_;
                    return true;
                }
                Fail("expected , or ]");
                return false;
            }
        }
        if (c == '{') {
            out.kind = JsonValue::Kind::kObject;
            ++pos_;
            SkipSpace();
            if (pos_ < text_.size() && text_[pos_] == '}') {
                ++pos_;
                return true;
            }
            while (true) {
                SkipSpace();
                std::string key;
                if (pos_ >= text_.size() || text_[pos_] != '"' || !String(key)) {
                    Fail("expected a key");
                    return false;
                }
                for (const std::string& existing : out.keys) {
                    if (existing == key) {
                        Fail("duplicate key \"" + key + "\"");
                        return false;
                    }
                }
                SkipSpace();
                if (pos_ >= text_.size() || text_[pos_] != ':') {
                    Fail("expected :");
                    return false;
                }
                ++pos_;
                SkipSpace();
                out.keys.push_back(std::move(key));
                out.items.emplace_back();
                if (!Value(out.items.back(), depth + 1)) {
                    return false;
                }
                SkipSpace();
                if (pos_ < text_.size() && text_[pos_] == ',') {
                    ++pos_;
                    continue;
                }
                if (pos_ < text_.size() && text_[pos_] == '}') {
                    ++pos_;
                    return true;
                }
                Fail("expected , or }");
                return false;
            }
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            out.kind = JsonValue::Kind::kNumber;
            const std::size_t start = pos_;
            while (pos_ < text_.size() && std::string_view("+-0123456789.eE").find(text_[pos_]) !=
                                              std::string_view::npos) {
                ++pos_;
            }
            out.text = std::string(text_.substr(start, pos_ - start));
            return true;
        }
        Fail("unexpected character");
        return false;
    }
    static int Hex(char c) {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }
    bool Hex4(std::uint32_t& out) {
        if (pos_ + 4 > text_.size()) {
            return false;
        }
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = Hex(text_[pos_++]);
            if (h < 0) {
                return false;
            }
            out = out * 16 + static_cast<std::uint32_t>(h);
        }
        return true;
    }
    static void AppendUtf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    bool String(std::string& out) {
        ++pos_;  // opening quote
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (c == '"') {
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                Fail("control character in a string");
                return false;
            }
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (pos_ >= text_.size()) {
                break;
            }
            const char e = text_[pos_++];
            switch (e) {
                case '"':
                    out.push_back('"');
                    break;
                case '\\':
                    out.push_back('\\');
                    break;
                case '/':
                    out.push_back('/');
                    break;
                case 'b':
                    out.push_back('\b');
                    break;
                case 'f':
                    out.push_back('\f');
                    break;
                case 'n':
                    out.push_back('\n');
                    break;
                case 'r':
                    out.push_back('\r');
                    break;
                case 't':
                    out.push_back('\t');
                    break;
                case 'u': {
                    std::uint32_t cp = 0;
                    if (!Hex4(cp)) {
                        Fail("bad \\u escape");
                        return false;
                    }
                    if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
                        pos_ += 2;
                        std::uint32_t low = 0;
                        if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) {
                            Fail("bad surrogate pair");
                            return false;
                        }
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    AppendUtf8(out, cp);
                    break;
                }
                default:
                    Fail("bad escape");
                    return false;
            }
        }
        Fail("unterminated string");
        return false;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::string error_;
};

inline std::string KindName(JsonValue::Kind kind) {
    switch (kind) {
        case JsonValue::Kind::kNull:
            return "null";
        case JsonValue::Kind::kBool:
            return "a boolean";
        case JsonValue::Kind::kNumber:
            return "a number";
        case JsonValue::Kind::kString:
            return "a string";
        case JsonValue::Kind::kArray:
            return "an array";
        case JsonValue::Kind::kObject:
            return "an object";
    }
    return "?";
}

/// The first difference between two documents, as "path: what"; empty when they are equal.
inline std::string Difference(const JsonValue& expected, const JsonValue& actual,
                              const std::string& path = "$") {
    using Kind = JsonValue::Kind;
    if (expected.kind != actual.kind) {
        return path + ": expected " + KindName(expected.kind) + ", got " + KindName(actual.kind);
    }
    switch (expected.kind) {
        case Kind::kNull:
            return {};
        case Kind::kBool:
            return expected.boolean == actual.boolean
                       ? std::string()
                       : path + ": expected " + (expected.boolean ? "true" : "false");
        case Kind::kNumber:
        case Kind::kString:
            return expected.text == actual.text
                       ? std::string()
                       : path + ": expected `" + expected.text + "`, got `" + actual.text + "`";
        case Kind::kArray:
            for (std::size_t i = 0; i < expected.items.size() && i < actual.items.size(); ++i) {
                if (std::string d = Difference(expected.items[i], actual.items[i],
                                               path + "[" + std::to_string(i) + "]");
                    !d.empty()) {
                    return d;
                }
            }
            if (expected.items.size() != actual.items.size()) {
                return path + ": expected " + std::to_string(expected.items.size()) +
                       " items, got " + std::to_string(actual.items.size());
            }
            return {};
        case Kind::kObject:
            for (std::size_t i = 0; i < expected.keys.size(); ++i) {
                const std::string& key = expected.keys[i];
                const JsonValue* other = nullptr;
                for (std::size_t j = 0; j < actual.keys.size(); ++j) {
                    if (actual.keys[j] == key) {
                        other = &actual.items[j];
                    }
                }
                if (other == nullptr) {
                    return path + "." + key + ": missing";
                }
                if (std::string d = Difference(expected.items[i], *other, path + "." + key);
                    !d.empty()) {
                    return d;
                }
            }
            for (const std::string& key : actual.keys) {
                if (std::find(expected.keys.begin(), expected.keys.end(), key) ==
                    expected.keys.end()) {
                    return path + "." + key + ": unexpected";
                }
            }
            return {};
    }
    return {};
}

}  // namespace switchyard::golden
