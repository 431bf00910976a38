#pragma once
// Request framing rules the server applies after reading a request head (RFC 9112 §6), as a pure
// function so the server and its fuzz harness share one definition. A request is rejected, and
// its connection closed, when its body length is ambiguous: Content-Length together with
// Transfer-Encoding, either of them repeated, or a transfer coding other than a single final
// "chunked" (a request has no "read until close" body). A declared length over the limit is
// refused before any of the body is read.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/error.hpp"

namespace switchyard::http {

struct RequestFraming {
    std::size_t content_length_fields = 0;
    std::size_t transfer_encoding_fields = 0;
    std::string_view transfer_encoding;  // the value of the (single) Transfer-Encoding field
    std::optional<std::uint64_t> content_length;
};

/// kBadHttp (400) for ambiguous framing, kBodyTooLarge (413) for a declared length over
/// `max_body_bytes`.
core::Result<void> CheckRequestFraming(const RequestFraming& framing, std::size_t max_body_bytes);

}  // namespace switchyard::http
