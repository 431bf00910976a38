#include "providers/common/errors.hpp"

#include <string>

#include "core/strings.hpp"

namespace switchyard::providers {
namespace {

/// The length of the UTF-8 sequence `lead` starts; 0 for a byte that starts none.
std::size_t SequenceLength(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 0;
}

/// At most kMaxRawErrorBytes of `raw` as valid UTF-8. The body is whatever the provider sent (an
/// HTML page, a cut-off stream event) and ends up inside a JSON string for the client, so an
/// invalid byte becomes U+FFFD and the cut never splits a character.
std::string BoundedUtf8(std::string_view raw) {
    if (raw.size() <= kMaxRawErrorBytes && core::IsValidUtf8(raw)) {
        return std::string(raw);
    }
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    std::size_t i = 0;
    while (i < raw.size()) {
        const std::size_t len = SequenceLength(static_cast<unsigned char>(raw[i]));
        std::string_view piece = kReplacement;
        std::size_t consumed = 1;
        if (len != 0 && i + len <= raw.size() && core::IsValidUtf8(raw.substr(i, len))) {
            piece = raw.substr(i, len);
            consumed = len;
        }
        if (out.size() + piece.size() > kMaxRawErrorBytes) {
            break;
        }
        out.append(piece);
        i += consumed;
    }
    return out;
}

bool Contains(std::string_view haystack, std::string_view needle) {
    if (needle.size() > haystack.size()) {
        return false;
    }
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        bool match = true;
        for (std::size_t k = 0; k < needle.size(); ++k) {
            char a = haystack[i + k];
            if (a >= 'A' && a <= 'Z') {
                a = static_cast<char>(a + 32);
            }
            if (a != needle[k]) {
                match = false;
                break;
            }
        }
        if (match) {
            return true;
        }
    }
    return false;
}

core::Errc Classify(const ProviderErrorFacts& f) {
    const std::string_view code = f.code;
    const std::string_view message = f.message;
    if (Contains(code, "context_length") || Contains(message, "context length") ||
        Contains(message, "context window") || Contains(message, "maximum context") ||
        Contains(message, "prompt is too long") || Contains(code, "too_many_tokens")) {
        return core::Errc::kUpstreamContextLength;
    }
    if (Contains(code, "content_filter") || Contains(code, "content_policy") || Contains(code, "safety")) {
        return core::Errc::kUpstreamContentFilter;
    }
    if (f.status == 429 || Contains(code, "rate_limit")) {
        return core::Errc::kUpstreamRateLimited;
    }
    if (f.status == 503 || f.status == 529 || Contains(code, "overloaded")) {
        return core::Errc::kUpstreamOverloaded;
    }
    if (f.status == 401 || f.status == 403 || Contains(code, "authentication") || Contains(code, "invalid_api_key")) {
        return core::Errc::kUpstreamAuth;
    }
    if (f.status == 404) {
        return core::Errc::kUpstreamNotFound;
    }
    if (f.status == 408 || f.status == 504) {
        return core::Errc::kUpstreamServerError;
    }
    if (f.status >= 400 && f.status < 500) {
        return core::Errc::kUpstreamBadRequest;
    }
    if (f.status == 200) {
        return core::Errc::kUpstreamStreamError;
    }
    return core::Errc::kUpstreamServerError;
}

}  // namespace

core::Error ClassifyProviderError(const ProviderErrorFacts& facts) {
    core::Error error;
    error.code = Classify(facts);
    error.provider_name = std::string(facts.provider_name);
    error.raw = BoundedUtf8(facts.raw);
    error.retry_after_s = facts.retry_after_s;
    std::string message = facts.message.empty() ? "Provider returned error" : std::string(facts.message);
    error.message = std::move(message);
    error.internal = "provider " + std::string(facts.provider_name) + " answered " + std::to_string(facts.status);
    if (error.code == core::Errc::kUpstreamBadRequest || error.code == core::Errc::kUpstreamContextLength) {
        // A provider's 4xx about the request itself is passed through with its own status.
        if (facts.status >= 400 && facts.status < 500) {
            error.status_override = facts.status;
        }
    }
    return error;
}

}  // namespace switchyard::providers
