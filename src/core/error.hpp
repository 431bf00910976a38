#pragma once
// The one error taxonomy of switchyard (see docs/errors.md).
//
// SWITCHYARD_ERRORS is append-only: codes are grouped in numbered ranges, each with a comment,
// and a removed code leaves a tombstone so numbers are never reused (Chromium's net_error_list).
// Each entry is mapped here, once, to the HTTP status a client sees, OpenRouter's `error_type`,
// whether the failure may be retried on another provider, and its stat name.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace switchyard::core {

// X(Name, number, http_status, retry_on_another_provider, error_type)
#define SWITCHYARD_ERRORS(X)                                                                   \
    /* 100-199: the client's request is wrong. */                                              \
    X(MalformedJson, 100, 400, false, "invalid_request")                                       \
    X(InvalidRequest, 101, 400, false, "invalid_request")                                      \
    X(MissingModel, 102, 400, false, "invalid_request")                                        \
    X(UnknownModel, 103, 404, false, "not_found")                                              \
    X(NoEndpoint, 104, 404, false, "not_found")                                                \
    X(BodyTooLarge, 105, 413, false, "payload_too_large")                                      \
    X(UnsupportedMediaType, 106, 415, false, "invalid_request")                                \
    X(HeadersTooLarge, 107, 431, false, "invalid_request")                                     \
    X(MethodNotAllowed, 108, 405, false, "invalid_request")                                    \
    X(RouteNotFound, 109, 404, false, "not_found")                                             \
    X(RequestTimeout, 110, 408, false, "timeout")                                              \
    X(BadHttp, 111, 400, false, "invalid_request")                                             \
    /* 200-299: authentication, authorization and credits. */                                  \
    X(MissingKey, 200, 401, false, "authentication")                                           \
    X(InvalidKey, 201, 401, false, "authentication")                                           \
    X(DisabledKey, 202, 401, false, "authentication")                                          \
    X(Forbidden, 203, 403, false, "permission_denied")                                         \
    X(InsufficientCredits, 204, 402, false, "payment_required")                                \
    X(KeyLimitExceeded, 205, 402, false, "payment_required")                                   \
    X(RateLimited, 206, 429, false, "rate_limit_exceeded")                                     \
    /* 300-399: routing and local capacity. */                                                 \
    X(NoProviderAvailable, 300, 503, false, "provider_unavailable")                            \
    X(Overloaded, 301, 503, false, "provider_overloaded")                                      \
    X(ShuttingDown, 302, 503, false, "provider_unavailable")                                   \
    /* 400-499: reaching the provider failed (transport). */                                   \
    X(UpstreamDns, 400, 502, true, "provider_unavailable")                                     \
    X(UpstreamConnect, 401, 502, true, "provider_unavailable")                                 \
    X(UpstreamTls, 402, 502, true, "provider_unavailable")                                     \
    X(UpstreamReset, 403, 502, true, "server")                                                 \
    X(UpstreamConnectTimeout, 404, 502, true, "timeout")                                       \
    X(UpstreamFirstByteTimeout, 405, 502, true, "timeout")                                     \
    X(UpstreamIdleTimeout, 406, 502, true, "timeout")                                          \
    X(UpstreamTotalTimeout, 407, 502, false, "timeout")                                        \
    /* 500-599: the provider answered, but not with a usable answer. */                        \
    X(UpstreamServerError, 500, 502, true, "server")                                           \
    X(UpstreamRateLimited, 501, 429, true, "rate_limit_exceeded")                              \
    X(UpstreamOverloaded, 502, 502, true, "provider_overloaded")                               \
    X(UpstreamBadRequest, 503, 400, false, "invalid_request")                                  \
    X(UpstreamAuth, 504, 502, true, "authentication")                                          \
    X(UpstreamMalformed, 505, 502, true, "server")                                             \
    X(UpstreamTruncated, 506, 502, true, "server")                                             \
    X(UpstreamStreamError, 507, 502, false, "server")                                          \
    X(UpstreamContextLength, 508, 400, false, "context_length_exceeded")                       \
    X(UpstreamContentFilter, 509, 403, false, "content_policy_violation")                      \
    X(UpstreamNotFound, 510, 404, true, "not_found")                                           \
    X(UpstreamWrongContentType, 511, 502, true, "server")                                      \
    /* 900-999: switchyard itself. */                                                          \
    X(Internal, 900, 500, false, "server")

enum class Errc : std::uint16_t {
#define SWITCHYARD_ERRC_ENUM(name, value, status, retry, type) k##name = value,
    SWITCHYARD_ERRORS(SWITCHYARD_ERRC_ENUM)
#undef SWITCHYARD_ERRC_ENUM
};

/// Static facts about one error code; the single place where codes meet HTTP.
struct ErrcInfo {
    std::string_view name;        // stable stat label, e.g. "upstream_reset"
    int http_status;              // what the client sees, unless the error overrides it
    bool retry_elsewhere;         // may routing try another endpoint before the first byte?
    std::string_view error_type;  // OpenRouter's typed `error.metadata.error_type`
};

const ErrcInfo& Info(Errc code);

/// A failure on the data plane. `message` goes to the client; `internal` only to logs.
/// Upstream-originated errors carry the provider and its raw body so the client can see what
/// the provider said (OpenRouter puts them in `metadata.provider_name` and `metadata.raw`).
struct Error {
    Errc code = Errc::kInternal;
    std::string message;
    std::string internal;
    int status_override = 0;        // e.g. an upstream 4xx passed through as is
    std::string provider_name;      // set for errors that came from a provider
    std::string raw;                // the provider's error body, bounded in size
    std::optional<std::int64_t> retry_after_s;

    int HttpStatus() const { return status_override != 0 ? status_override : Info(code).http_status; }
    bool RetryElsewhere() const { return Info(code).retry_elsewhere; }
};

Error MakeError(Errc code, std::string message, std::string internal = {});

template <class T>
using Result = boost::system::result<T, Error>;

/// Lets boost::system::result<T, Error>::value() throw on error (used only at start-up).
[[noreturn]] void throw_exception_from_error(const Error& error, const boost::source_location& loc);

/// The reason phrase for an HTTP status code ("Not Found"); "Unknown" for unlisted codes.
std::string_view StatusReason(int status);

}  // namespace switchyard::core
