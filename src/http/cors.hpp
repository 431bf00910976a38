#pragma once
// CORS for browser clients and client-address resolution behind trusted proxies. Pure.

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace switchyard::http {

/// The Access-Control-Allow-Origin value for `origin`, or empty when it is not allowed.
std::string AllowedOrigin(const std::vector<std::string>& allowed, std::string_view origin);

inline constexpr std::string_view kCorsAllowHeaders =
    "Authorization, Content-Type, HTTP-Referer, X-Title, X-OpenRouter-Title, X-Request-Id, X-Session-Id, "
    "X-Switchyard-Metadata, X-OpenRouter-Metadata, x-api-key, anthropic-version";
inline constexpr std::string_view kCorsExposeHeaders = "X-Request-Id, X-Generation-Id, Retry-After";

/// The client's address: the TCP peer, unless the peer is a trusted proxy, in which case the
/// right-most X-Forwarded-For entry that is not itself a trusted proxy.
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<config::Cidr>& trusted_proxies);

/// A request id from the client is kept only if it is short and plain.
bool IsAcceptableRequestId(std::string_view id);

}  // namespace switchyard::http
