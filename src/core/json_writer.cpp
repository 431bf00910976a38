#include "core/json_writer.hpp"

#include <charconv>

#include "core/money.hpp"

namespace switchyard::core {

void AppendJsonEscaped(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::size_t run_start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out.append(text.data() + run_start, i - run_start);
        run_start = i + 1;
        switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            case '\b': out.append("\\b"); break;
            case '\f': out.append("\\f"); break;
            default: {
                const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
                out.append(escaped, sizeof escaped);
            }
        }
    }
    out.append(text.data() + run_start, text.size() - run_start);
}

void AppendJsonString(std::string& out, std::string_view text) {
    out.push_back('"');
    AppendJsonEscaped(out, text);
    out.push_back('"');
}

JsonWriter& JsonWriter::Int(std::int64_t value) {
    Separator();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out_.append(buf, static_cast<std::size_t>(end - buf));
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::Uint(std::uint64_t value) {
    Separator();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out_.append(buf, static_cast<std::size_t>(end - buf));
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::Usd(std::int64_t picodollars) {
    Separator();
    AppendUsd(out_, picodollars);
    need_comma_ = true;
    return *this;
}

}  // namespace switchyard::core
