#include "http/framing.hpp"

#include "core/strings.hpp"

namespace switchyard::http {

core::Result<void> CheckRequestFraming(const RequestFraming& framing, std::size_t max_body_bytes) {
    if (framing.content_length_fields > 0 && framing.transfer_encoding_fields > 0) {
        return core::MakeError(core::Errc::kBadHttp, "Content-Length and Transfer-Encoding together");
    }
    if (framing.content_length_fields > 1 || framing.transfer_encoding_fields > 1) {
        return core::MakeError(core::Errc::kBadHttp, "Repeated Content-Length or Transfer-Encoding");
    }
    if (framing.transfer_encoding_fields == 1) {
        const std::vector<std::string_view> codings = core::SplitTrimmed(framing.transfer_encoding, ',');
        if (codings.size() != 1 || !core::IEquals(codings.front(), "chunked")) {
            return core::MakeError(core::Errc::kBadHttp, "Unsupported Transfer-Encoding (only \"chunked\")");
        }
    }
    if (framing.content_length && *framing.content_length > max_body_bytes) {
        return core::MakeError(core::Errc::kBodyTooLarge, "Request body too large");
    }
    return {};
}

}  // namespace switchyard::http
