#include "auth/auth.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace switchyard::auth {
namespace {

using ::testing::StartsWith;

TEST(BearerToken, AcceptsTheBearerScheme) {
    EXPECT_EQ(BearerToken("Bearer sk-abc"), "sk-abc");
    EXPECT_EQ(BearerToken("bearer sk-abc"), "sk-abc");
    EXPECT_EQ(BearerToken("BEARER sk-abc"), "sk-abc");
    EXPECT_EQ(BearerToken("  Bearer   sk-abc  "), "sk-abc");
    EXPECT_EQ(BearerToken("Bearer sk-sy-v1-AbC_123.xyz"), "sk-sy-v1-AbC_123.xyz");
}

TEST(BearerToken, RejectsEverythingElse) {
    for (const char* header : {"", "Bearer", "Bearer ", "Bearer    ", "Bearersk-abc",
                               "Basic dXNlcjpwYXNz", "Token sk-abc", "sk-abc", "Bear sk-abc"}) {
        EXPECT_EQ(BearerToken(header), std::nullopt) << '"' << header << '"';
    }
}

TEST(ConstantTimeEquals, ComparesBytes) {
    EXPECT_TRUE(ConstantTimeEquals("", ""));
    EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
    EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
    EXPECT_FALSE(ConstantTimeEquals("secret", "Secret"));
    EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
    EXPECT_FALSE(ConstantTimeEquals("", "x"));
    EXPECT_TRUE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
    EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(Sha256("abc").size(), 32u);
}

TEST(AdminKeyVerifier, AcceptsOnlyTheAdminKey) {
    const std::string key = "sk-sy-admin-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
    const AdminKeyVerifier verifier(key);
    auto principal = verifier.Verify(key);
    ASSERT_TRUE(principal.has_value());
    EXPECT_TRUE(principal->IsAdmin());
    EXPECT_EQ(principal->account, "operator");
    EXPECT_EQ(principal->key_hash_prefix, Sha256Hex(key).substr(0, 12));
    EXPECT_EQ(principal->key_hash_prefix.find(key), std::string::npos);

    for (const std::string& wrong :
         {std::string(), key.substr(0, key.size() - 1), key + "x", std::string("sk-other"),
          std::string(600, 'a'), "Bearer " + key}) {
        auto rejected = verifier.Verify(wrong);
        ASSERT_FALSE(rejected.has_value()) << wrong;
        EXPECT_EQ(rejected.error().code, core::Errc::kInvalidKey);
        EXPECT_EQ(rejected.error().HttpStatus(), 401);
    }
}

TEST(AdminKeyVerifier, RejectsOverlongKeysEvenIfTheyMatch) {
    const std::string long_key(513, 'k');
    EXPECT_FALSE(AdminKeyVerifier(long_key).Verify(long_key).has_value());
    const std::string max_key(512, 'k');
    EXPECT_TRUE(AdminKeyVerifier(max_key).Verify(max_key).has_value());
}

bool IsBase62(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

TEST(GenerateSecret, PrefixLengthAndAlphabet) {
    const std::string secret = GenerateSecret("sk-sy-admin-", 43);
    EXPECT_THAT(secret, StartsWith("sk-sy-admin-"));
    EXPECT_EQ(secret.size(), 12u + 43u);
    for (char c : secret.substr(12)) {
        EXPECT_TRUE(IsBase62(c)) << c;
    }
    EXPECT_EQ(GenerateSecret("p-", 0), "p-");
    EXPECT_EQ(GenerateSecret("", 200).size(), 200u);
    EXPECT_NE(GenerateSecret("x", 43), GenerateSecret("x", 43));
}

TEST(GenerateSecret, UsesTheWholeAlphabet) {
    // 20000 draws from 62 symbols: missing one has a probability far below 1e-100.
    const std::string secret = GenerateSecret("", 20'000);
    const std::set<char> seen(secret.begin(), secret.end());
    EXPECT_EQ(seen.size(), 62u);
    for (char c : seen) {
        EXPECT_TRUE(IsBase62(c)) << c;
    }
}

class AdminKeyFile : public ::testing::Test {
  protected:
    void SetUp() override {
        char dir_template[] = "/tmp/sy-auth-test-XXXXXX";
        ASSERT_NE(mkdtemp(dir_template), nullptr);
        root_ = dir_template;
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(root_, ec);
    }
    std::string root_;
};

TEST_F(AdminKeyFile, CreatesTheKeyWithMode0600AndReusesIt) {
    const std::string data_dir = root_ + "/data/nested";  // created on demand
    auto first = LoadOrCreateAdminKey(data_dir, std::nullopt);
    ASSERT_TRUE(std::holds_alternative<AdminKey>(first)) << std::get<std::string>(first);
    const AdminKey& created = std::get<AdminKey>(first);
    EXPECT_TRUE(created.generated);
    EXPECT_EQ(created.path, data_dir + "/admin.key");
    EXPECT_THAT(created.key, StartsWith("sk-sy-admin-"));
    EXPECT_EQ(created.key.size(), 12u + 43u);

    struct stat info {};
    ASSERT_EQ(stat(created.path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600);
    std::ifstream file(created.path);
    std::stringstream content;
    content << file.rdbuf();
    EXPECT_EQ(content.str(), created.key + "\n");

    auto second = LoadOrCreateAdminKey(data_dir, std::nullopt);
    ASSERT_TRUE(std::holds_alternative<AdminKey>(second));
    EXPECT_EQ(std::get<AdminKey>(second).key, created.key);
    EXPECT_FALSE(std::get<AdminKey>(second).generated);
    EXPECT_EQ(std::get<AdminKey>(second).path, created.path);
}

TEST_F(AdminKeyFile, EnvironmentValueWins) {
    auto from_env = LoadOrCreateAdminKey(root_, std::string("  sk-from-env \n"));
    ASSERT_TRUE(std::holds_alternative<AdminKey>(from_env));
    EXPECT_EQ(std::get<AdminKey>(from_env).key, "sk-from-env");
    EXPECT_FALSE(std::get<AdminKey>(from_env).generated);
    EXPECT_TRUE(std::get<AdminKey>(from_env).path.empty());
    EXPECT_FALSE(std::filesystem::exists(root_ + "/admin.key"));  // nothing written

    // Even when a key file exists.
    std::ofstream(root_ + "/admin.key") << "sk-from-file\n";
    auto still_env = LoadOrCreateAdminKey(root_, std::string("sk-from-env"));
    EXPECT_EQ(std::get<AdminKey>(still_env).key, "sk-from-env");
    // A blank variable counts as unset.
    auto blank = LoadOrCreateAdminKey(root_, std::string("   "));
    ASSERT_TRUE(std::holds_alternative<AdminKey>(blank));
    EXPECT_EQ(std::get<AdminKey>(blank).key, "sk-from-file");
}

TEST_F(AdminKeyFile, ReportsUnusableFilesAndDirectories) {
    std::ofstream(root_ + "/admin.key") << "  \n";
    auto empty = LoadOrCreateAdminKey(root_, std::nullopt);
    ASSERT_TRUE(std::holds_alternative<std::string>(empty));
    EXPECT_THAT(std::get<std::string>(empty), ::testing::HasSubstr("admin.key"));

    const std::string not_a_dir = root_ + "/file";
    std::ofstream(not_a_dir) << "x";
    auto blocked = LoadOrCreateAdminKey(not_a_dir + "/sub", std::nullopt);
    ASSERT_TRUE(std::holds_alternative<std::string>(blocked));
}

}  // namespace
}  // namespace switchyard::auth
