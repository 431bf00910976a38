#pragma once
// Who is calling. Every key check goes through KeyVerifier: today the admin key is the only
// key; the key store (accounts issue) implements the same interface for user keys.

#include <memory>
#include <optional>
#include <variant>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace switchyard::auth {

struct Principal {
    enum class Kind { kAdmin, kUser };
    Kind kind = Kind::kUser;
    /// First 12 hex characters of the key's SHA-256: safe to log, enough to tell keys apart.
    std::string key_hash_prefix;
    std::string key_hash;  // full hex SHA-256 for user keys; empty for the admin key
    std::string account = "operator";

    bool IsAdmin() const { return kind == Kind::kAdmin; }
};

/// Verifies a presented key. Thread-safe; called on I/O threads, so implementations must not
/// block (the key store answers from its in-memory cache).
class KeyVerifier {
public:
    virtual ~KeyVerifier() = default;
    virtual core::Result<Principal> Verify(std::string_view presented_key) const = 0;
};

/// Accepts exactly one key (the admin key), compared in constant time by its SHA-256.
class AdminKeyVerifier final : public KeyVerifier {
public:
    explicit AdminKeyVerifier(std::string_view admin_key);
    core::Result<Principal> Verify(std::string_view presented_key) const override;

private:
    std::string admin_hash_;  // raw 32-byte digest
};

/// Raw SHA-256 digest of `data`.
std::string Sha256(std::string_view data);
/// Lower-case hex SHA-256.
std::string Sha256Hex(std::string_view data);
/// Constant-time equality for equal-length byte strings (false on different lengths).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive); nullopt
/// when the header is missing or not a bearer credential.
std::optional<std::string_view> BearerToken(std::string_view authorization);

struct AdminKey {
    std::string key;
    bool generated = false;  // newly generated: print it once
    std::string path;        // where it was saved, when generated or loaded from file
};

/// The admin key: from the environment value when set; otherwise from `data_dir/admin.key`;
/// otherwise a new random key saved there with mode 0600. Errors (unwritable directory) are
/// returned as a message.
std::variant<AdminKey, std::string> LoadOrCreateAdminKey(const std::string& data_dir,
                                                        const std::optional<std::string>& from_env);

/// A fresh random key with the given prefix, e.g. "sk-sy-admin-" + 43 base62 characters.
std::string GenerateSecret(std::string_view prefix, std::size_t random_chars);

}  // namespace switchyard::auth
