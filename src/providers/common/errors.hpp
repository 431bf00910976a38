#pragma once
// Shared classification of provider errors: every adapter extracts the provider's message and
// code from its own error body, then calls ClassifyProviderError so one table decides what the
// client sees and whether routing may try another provider.

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/error.hpp"

namespace switchyard::providers {

/// The largest provider error body kept in `Error::raw` (and shown to clients in metadata.raw).
inline constexpr std::size_t kMaxRawErrorBytes = 4096;

struct ProviderErrorFacts {
    int status = 0;                 // HTTP status of the provider's answer (200 for in-stream errors)
    std::string_view message;       // the provider's human-readable message
    std::string_view code;          // the provider's code or type string, e.g. "rate_limit_exceeded"
    std::string_view raw;           // the whole error body
    std::optional<std::int64_t> retry_after_s;
    std::string_view provider_name;
};

core::Error ClassifyProviderError(const ProviderErrorFacts& facts);

}  // namespace switchyard::providers
