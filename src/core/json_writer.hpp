#pragma once
// A small, allocation-friendly JSON writer that appends to a caller-owned string. Translators and
// handlers use it to build request and response bodies without a DOM.

#include <cstdint>
#include <string>
#include <string_view>

namespace switchyard::core {

/// Appends `text` to `out` as a JSON string literal, quotes included.
void AppendJsonString(std::string& out, std::string_view text);
/// Appends the escaped body of a JSON string literal, without quotes.
void AppendJsonEscaped(std::string& out, std::string_view text);

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& BeginObject() { Separator(); out_.push_back('{'); need_comma_ = false; return *this; }
    JsonWriter& EndObject() { out_.push_back('}'); need_comma_ = true; return *this; }
    JsonWriter& BeginArray() { Separator(); out_.push_back('['); need_comma_ = false; return *this; }
    JsonWriter& EndArray() { out_.push_back(']'); need_comma_ = true; return *this; }

    JsonWriter& Key(std::string_view key) {
        Separator();
        AppendJsonString(out_, key);
        out_.push_back(':');
        need_comma_ = false;
        return *this;
    }
    JsonWriter& String(std::string_view value) { Separator(); AppendJsonString(out_, value); need_comma_ = true; return *this; }
    JsonWriter& Int(std::int64_t value);
    JsonWriter& Uint(std::uint64_t value);
    JsonWriter& Bool(bool value) { Separator(); out_.append(value ? "true" : "false"); need_comma_ = true; return *this; }
    JsonWriter& Null() { Separator(); out_.append("null"); need_comma_ = true; return *this; }
    /// Writes pre-serialised JSON (a number literal, or a value copied from another document).
    JsonWriter& Raw(std::string_view json) { Separator(); out_.append(json); need_comma_ = true; return *this; }
    /// Writes a picodollar amount as an exact USD JSON number.
    JsonWriter& Usd(std::int64_t picodollars);

    std::string& out() { return out_; }

private:
    void Separator() {
        if (need_comma_) {
            out_.push_back(',');
        }
    }

    std::string& out_;
    bool need_comma_ = false;
};

}  // namespace switchyard::core
