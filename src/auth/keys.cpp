#include "auth/keys.hpp"

#include <array>

#include <openssl/rand.h>

#include "core/strings.hpp"

namespace switchyard::auth {
namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

std::uint32_t Crc32(std::string_view data) {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) {
                c = (c & 1) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
            }
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t crc = 0xFFFFFFFFU;
    for (unsigned char byte : data) {
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
    }
    return crc ^ 0xFFFFFFFFU;
}

std::string Checksum(std::string_view random) {
    std::uint64_t value = Crc32(random);
    std::string out(kUserKeyChecksumChars, '0');
    for (std::size_t i = kUserKeyChecksumChars; i > 0; --i) {
        out[i - 1] = kBase62[value % 62];
        value /= 62;
    }
    return out;
}

bool IsBase62(std::string_view text) {
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string GenerateUserKey() {
    std::string key = GenerateSecret(kUserKeyPrefix, kUserKeyRandomChars);
    key += Checksum(std::string_view(key).substr(kUserKeyPrefix.size()));
    return key;
}

bool HasValidChecksum(std::string_view key) {
    if (key.size() != kUserKeyLength || key.substr(0, kUserKeyPrefix.size()) != kUserKeyPrefix) {
        return false;
    }
    const std::string_view body = key.substr(kUserKeyPrefix.size());
    const std::string_view random = body.substr(0, kUserKeyRandomChars);
    const std::string_view checksum = body.substr(kUserKeyRandomChars);
    return IsBase62(body) && Checksum(random) == checksum;
}

std::string_view LookupPrefix(std::string_view key) {
    if (key.size() < kUserKeyPrefix.size() + kLookupPrefixChars) {
        return {};
    }
    return key.substr(kUserKeyPrefix.size(), kLookupPrefixChars);
}

std::string KeyLabel(std::string_view key) {
    if (key.size() < kUserKeyPrefix.size() + kLookupPrefixChars + 4) {
        return "sk-sy-v1-...";
    }
    return std::string(key.substr(0, kUserKeyPrefix.size() + kLookupPrefixChars)) + "..." +
           std::string(key.substr(key.size() - 4));
}

KeyStore::KeyStore(std::string_view admin_key, const core::Clock& clock)
    : admin_hash_(Sha256(admin_key)), clock_(clock) {}

core::Result<Principal> KeyStore::Verify(std::string_view presented_key) const {
    if (presented_key.size() > 512 || presented_key.empty()) {
        return core::MakeError(core::Errc::kInvalidKey, "Invalid API key");
    }
    if (presented_key.substr(0, kUserKeyPrefix.size()) != kUserKeyPrefix) {
        // Not a user key: the admin key (any format the operator chose) or nothing.
        if (ConstantTimeEquals(Sha256(presented_key), admin_hash_)) {
            Principal principal;
            principal.kind = Principal::Kind::kAdmin;
            principal.key_hash_prefix = core::HexEncode(admin_hash_).substr(0, 12);
            principal.account = "operator";
            return principal;
        }
        return core::MakeError(core::Errc::kInvalidKey, "Invalid API key");
    }
    // The checksum rejects typos and invented keys without touching the index.
    if (!HasValidChecksum(presented_key)) {
        return core::MakeError(core::Errc::kInvalidKey, "Invalid API key (checksum mismatch)");
    }
    const std::string digest = Sha256(presented_key);
    std::shared_lock lock(mutex_);
    auto [begin, end] = by_prefix_.equal_range(std::string(LookupPrefix(presented_key)));
    for (auto it = begin; it != end; ++it) {
        auto entry = by_hash_.find(it->second);
        if (entry == by_hash_.end()) {
            continue;
        }
        // Compare digests in constant time: timing reveals nothing about stored keys.
        if (!ConstantTimeEquals(digest, entry->second.digest)) {
            continue;
        }
        const KeyEntry& key = entry->second.entry;
        if (key.disabled) {
            return core::MakeError(core::Errc::kDisabledKey, "This API key is disabled");
        }
        if (key.expires_at && core::UnixSeconds(clock_.SystemNow()) >= *key.expires_at) {
            return core::MakeError(core::Errc::kDisabledKey, "This API key has expired");
        }
        Principal principal;
        principal.kind = Principal::Kind::kUser;
        principal.key_hash_prefix = key.hash.substr(0, 12);
        principal.key_hash = key.hash;
        principal.account = key.account;
        return principal;
    }
    return core::MakeError(core::Errc::kInvalidKey, "Invalid API key");
}

void KeyStore::Put(const KeyEntry& entry) {
    std::unique_lock lock(mutex_);
    auto existing = by_hash_.find(entry.hash);
    if (existing == by_hash_.end()) {
        by_prefix_.emplace(entry.prefix, entry.hash);
    }
    std::string digest;
    for (std::size_t i = 0; i + 1 < entry.hash.size(); i += 2) {
        auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
        digest.push_back(static_cast<char>(nibble(entry.hash[i]) * 16 + nibble(entry.hash[i + 1])));
    }
    by_hash_[entry.hash] = Stored{entry, std::move(digest)};
}

void KeyStore::Remove(const std::string& hash) {
    std::unique_lock lock(mutex_);
    auto existing = by_hash_.find(hash);
    if (existing == by_hash_.end()) {
        return;
    }
    auto [begin, end] = by_prefix_.equal_range(existing->second.entry.prefix);
    for (auto it = begin; it != end; ++it) {
        if (it->second == hash) {
            by_prefix_.erase(it);
            break;
        }
    }
    by_hash_.erase(existing);
}

std::size_t KeyStore::size() const {
    std::shared_lock lock(mutex_);
    return by_hash_.size();
}

}  // namespace switchyard::auth
