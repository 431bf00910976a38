#pragma once
// Helpers shared by the fuzz targets: splitting an input into pieces the way a socket would
// deliver it, checking invariants, and validating the JSON the encoders produce.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace switchyard::fuzz {

/// Fails the run when an invariant does not hold: libFuzzer records the input as a crash.
inline void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
        __builtin_trap();
    }
}

/// The bytes after the first `n`, as text.
inline std::string_view Rest(const std::uint8_t* data, std::size_t size, std::size_t n) {
    return n >= size ? std::string_view{}
                     : std::string_view(reinterpret_cast<const char*>(data) + n, size - n);
}

/// Cuts `bytes` into consecutive pieces whose sizes come from `seed`, one byte of the input, so
/// the fuzzer explores split points along with the content. Seed 0 yields the whole input at
/// once; otherwise pieces are 1 to 2^(seed % 8) bytes long, drawn from a xorshift generator.
class Pieces {
public:
    Pieces(std::string_view bytes, std::uint8_t seed)
        : bytes_(bytes),
          whole_(seed == 0),
          max_piece_(std::size_t{1} << (seed % 8)),
          state_(0x9E3779B9u ^ (std::uint32_t{seed} * 0x01000193u)) {}

    /// The next piece; false once every byte was handed out.
    bool Next(std::string_view& piece) {
        if (bytes_.empty()) {
            return false;
        }
        std::size_t n = bytes_.size();
        if (!whole_) {
            state_ ^= state_ << 13;
            state_ ^= state_ >> 17;
            state_ ^= state_ << 5;
            n = std::min(n, 1 + state_ % max_piece_);
        }
        piece = bytes_.substr(0, n);
        bytes_.remove_prefix(n);
        return true;
    }

private:
    std::string_view bytes_;
    bool whole_;
    std::size_t max_piece_;
    std::uint32_t state_;
};

/// True when `text` is one complete JSON document (simdjson also rejects invalid UTF-8).
inline bool IsJson(std::string_view text) {
    static simdjson::dom::parser parser;
    simdjson::dom::element root;
    return parser.parse(text.data(), text.size(), true).get(root) == simdjson::SUCCESS;
}

/// Checks that `wire` is a sequence of `data: <json>\n\n` events (`[DONE]` allowed), as the
/// ingress encoders write them.
inline void CheckSseJson(std::string_view wire) {
    while (!wire.empty()) {
        Check(wire.substr(0, 6) == "data: ", "encoded event starts with \"data: \"");
        const std::size_t end = wire.find("\n\n");
        Check(end != std::string_view::npos, "encoded event ends with a blank line");
        const std::string_view payload = wire.substr(6, end - 6);
        Check(payload.find('\n') == std::string_view::npos, "encoded event is a single data line");
        Check(payload == "[DONE]" || IsJson(payload), "encoded event is valid JSON");
        wire.remove_prefix(end + 2);
    }
}

}  // namespace switchyard::fuzz
