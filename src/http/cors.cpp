#include "http/cors.hpp"

#include "core/strings.hpp"

namespace switchyard::http {

std::string AllowedOrigin(const std::vector<std::string>& allowed, std::string_view origin) {
    if (origin.empty()) {
        return {};
    }
    for (const std::string& entry : allowed) {
        if (entry == "*") {
            return "*";
        }
        if (core::IEquals(entry, origin)) {
            return std::string(origin);
        }
    }
    return {};
}

namespace {
bool Trusted(std::string_view address, const std::vector<config::Cidr>& trusted) {
    for (const config::Cidr& cidr : trusted) {
        if (config::CidrContains(cidr, address)) {
            return true;
        }
    }
    return false;
}
}  // namespace

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<config::Cidr>& trusted_proxies) {
    if (forwarded_for.empty() || !Trusted(peer, trusted_proxies)) {
        return std::string(peer);
    }
    std::vector<std::string_view> hops = core::SplitTrimmed(forwarded_for, ',');
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        std::string_view hop = *it;
        if (!Trusted(hop, trusted_proxies)) {
            // Only a syntactically valid address is believed; anything else (a network such as
            // "10.0.0.0/8" included) means "the proxy".
            if (hop.find('/') == std::string_view::npos && config::ParseCidr(hop).has_value()) {
                return std::string(hop);
            }
            return std::string(peer);
        }
    }
    return std::string(peer);
}

bool IsAcceptableRequestId(std::string_view id) {
    if (id.empty() || id.size() > 128) {
        return false;
    }
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == ':';
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace switchyard::http
