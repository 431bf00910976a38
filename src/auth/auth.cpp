#include "auth/auth.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/strings.hpp"

namespace switchyard::auth {

std::string Sha256(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Sha256Hex(std::string_view data) { return core::HexEncode(Sha256(data)); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

std::optional<std::string_view> BearerToken(std::string_view authorization) {
    authorization = core::Trim(authorization);
    constexpr std::string_view kScheme = "bearer ";
    if (authorization.size() <= kScheme.size() || !core::IEquals(authorization.substr(0, kScheme.size()), kScheme)) {
        return std::nullopt;
    }
    std::string_view token = core::Trim(authorization.substr(kScheme.size()));
    if (token.empty()) {
        return std::nullopt;
    }
    return token;
}

AdminKeyVerifier::AdminKeyVerifier(std::string_view admin_key) : admin_hash_(Sha256(admin_key)) {}

core::Result<Principal> AdminKeyVerifier::Verify(std::string_view presented_key) const {
    // Hash first, then compare digests in constant time: the comparison time reveals nothing
    // about the key, and keys of any length are compared the same way.
    if (presented_key.empty() || presented_key.size() > 512 ||
        !ConstantTimeEquals(Sha256(presented_key), admin_hash_)) {
        return core::MakeError(core::Errc::kInvalidKey, "Invalid API key");
    }
    Principal principal;
    principal.kind = Principal::Kind::kAdmin;
    principal.key_hash_prefix = core::HexEncode(admin_hash_).substr(0, 12);
    principal.account = "operator";
    return principal;
}

std::string GenerateSecret(std::string_view prefix, std::size_t random_chars) {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string out(prefix);
    while (out.size() < prefix.size() + random_chars) {
        unsigned char bytes[64];
        if (RAND_bytes(bytes, sizeof bytes) != 1) {
            throw std::runtime_error("the system random generator failed");
        }
        for (unsigned char b : bytes) {
            if (b < 248 && out.size() < prefix.size() + random_chars) {  // 248 = 4 * 62: no modulo bias
                out.push_back(kAlphabet[b % 62]);
            }
        }
    }
    return out;
}

std::variant<AdminKey, std::string> LoadOrCreateAdminKey(const std::string& data_dir,
                                                        const std::optional<std::string>& from_env) {
    AdminKey result;
    if (from_env && !core::Trim(*from_env).empty()) {
        result.key = std::string(core::Trim(*from_env));
        return result;
    }
    const std::filesystem::path path = std::filesystem::path(data_dir) / "admin.key";
    result.path = path.string();
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        std::ifstream file(path);
        std::stringstream buffer;
        buffer << file.rdbuf();
        result.key = std::string(core::Trim(buffer.str()));
        if (!file || result.key.empty()) {
            return "cannot read the admin key from " + path.string();
        }
        return result;
    }
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
        return "cannot create the data directory " + data_dir + ": " + ec.message();
    }
    result.key = GenerateSecret("sk-sy-admin-", 43);
    result.generated = true;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return "cannot create " + path.string() + ": " + std::strerror(errno);
    }
    const std::string line = result.key + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        return "cannot write " + path.string();
    }
    return result;
}

}  // namespace switchyard::auth
