#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::core {

std::string_view Trim(std::string_view s);
bool IEquals(std::string_view a, std::string_view b);
std::string ToLower(std::string_view s);
/// Splits on `sep`, trimming each piece and dropping empty ones.
std::vector<std::string_view> SplitTrimmed(std::string_view s, char sep);
std::optional<std::int64_t> ParseInt(std::string_view s);
/// Lower-case hex of `bytes`.
std::string HexEncode(std::string_view bytes);
/// True when `s` is valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool IsValidUtf8(std::string_view s);

}  // namespace switchyard::core
