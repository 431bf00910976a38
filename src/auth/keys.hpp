#pragma once
// User API keys: `sk-sy-v1-` + 43 random base62 characters (about 256 bits) + a 6-character
// base62 CRC32 of them. The checksum lets switchyard and leaked-key scanners reject a typo or a
// made-up string without any lookup. Only the SHA-256 of a key is stored; the key is shown once.
//
// KeyStore is the in-memory index the data plane authenticates against: looked up by the key's
// visible prefix, then compared by SHA-256 in constant time. Thread-safe; reads take a shared lock.

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/auth.hpp"

namespace switchyard::auth {

inline constexpr std::string_view kUserKeyPrefix = "sk-sy-v1-";
inline constexpr std::size_t kUserKeyRandomChars = 43;
inline constexpr std::size_t kUserKeyChecksumChars = 6;
inline constexpr std::size_t kUserKeyLength = kUserKeyPrefix.size() + kUserKeyRandomChars + kUserKeyChecksumChars;

/// A new user key.
std::string GenerateUserKey();
/// True when `key` has the user-key shape and its checksum matches.
bool HasValidChecksum(std::string_view key);
/// What may be shown of a key: "sk-sy-v1-AbC...wxyz".
std::string KeyLabel(std::string_view key);

/// The first characters of a key after its scheme prefix: the lookup index, also part of its label.
inline constexpr std::size_t kLookupPrefixChars = 8;
std::string_view LookupPrefix(std::string_view key);

/// What the data plane needs to know about a user key.
struct KeyEntry {
    std::string hash;    // hex SHA-256
    std::string prefix;  // LookupPrefix of the key (from its label)
    std::string account;
    bool disabled = false;
    std::optional<std::int64_t> expires_at;  // unix seconds
};

class KeyStore final : public KeyVerifier {
public:
    /// `admin_key` is accepted too (as the operator's admin principal).
    explicit KeyStore(std::string_view admin_key, const core::Clock& clock);

    core::Result<Principal> Verify(std::string_view presented_key) const override;

    /// Adds or replaces a key (by hash).
    void Put(const KeyEntry& entry);
    void Remove(const std::string& hash);
    std::size_t size() const;

private:
    std::string admin_hash_;
    const core::Clock& clock_;
    struct Stored {
        KeyEntry entry;
        std::string digest;  // raw SHA-256, for the constant-time comparison
    };
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, Stored> by_hash_;
    std::unordered_multimap<std::string, std::string> by_prefix_;  // prefix → hash
};

}  // namespace switchyard::auth
