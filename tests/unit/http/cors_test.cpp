#include "http/cors.hpp"

#include <gtest/gtest.h>

namespace switchyard::http {
namespace {

std::vector<config::Cidr> Trusted(std::initializer_list<const char*> networks) {
    std::vector<config::Cidr> out;
    for (const char* network : networks) {
        auto cidr = config::ParseCidr(network);
        EXPECT_TRUE(cidr.has_value()) << network;
        if (cidr) {
            out.push_back(*cidr);
        }
    }
    return out;
}

TEST(AllowedOrigin, WildcardAndListedOrigins) {
    EXPECT_EQ(AllowedOrigin({"*"}, "https://anything.example"), "*");
    EXPECT_EQ(AllowedOrigin({"https://app.example"}, "https://app.example"), "https://app.example");
    EXPECT_EQ(AllowedOrigin({"https://app.example"}, "HTTPS://App.Example"), "HTTPS://App.Example");
    EXPECT_EQ(AllowedOrigin({"https://a.example", "https://b.example"}, "https://b.example"),
              "https://b.example");
    EXPECT_EQ(AllowedOrigin({"https://app.example"}, "https://evil.example"), "");
    EXPECT_EQ(AllowedOrigin({"https://app.example"}, "https://app.example.evil"), "");
    EXPECT_EQ(AllowedOrigin({}, "https://app.example"), "");
    EXPECT_EQ(AllowedOrigin({"*"}, ""), "");  // no Origin header: not a CORS request
}

TEST(ClientAddress, UntrustedPeerIsTheClientWhateverItClaims) {
    const auto trusted = Trusted({"10.0.0.0/8"});
    EXPECT_EQ(ClientAddress("203.0.113.5", "1.2.3.4", trusted), "203.0.113.5");
    EXPECT_EQ(ClientAddress("203.0.113.5", "", trusted), "203.0.113.5");
    EXPECT_EQ(ClientAddress("10.0.0.2", "198.51.100.7", {}),
              "10.0.0.2");  // no trusted proxies at all
}

TEST(ClientAddress, TrustedProxyForwardsTheRightMostUntrustedHop) {
    const auto trusted = Trusted({"10.0.0.0/8", "::1"});
    EXPECT_EQ(ClientAddress("10.0.0.2", "198.51.100.7", trusted), "198.51.100.7");
    EXPECT_EQ(ClientAddress("10.0.0.2", " 198.51.100.7 ", trusted), "198.51.100.7");
    // A client can prepend anything; only the hops our proxies appended count.
    EXPECT_EQ(ClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.9", trusted),
              "198.51.100.7");
    EXPECT_EQ(ClientAddress("10.0.0.2", "127.0.0.1,198.51.100.7", trusted), "198.51.100.7");
    EXPECT_EQ(ClientAddress("::1", "2001:db8::7", trusted), "2001:db8::7");
    EXPECT_EQ(ClientAddress("::ffff:10.0.0.2", "198.51.100.7", trusted), "198.51.100.7");
}

TEST(ClientAddress, FallsBackToThePeerWhenTheChainIsUnusable) {
    const auto trusted = Trusted({"10.0.0.0/8"});
    EXPECT_EQ(ClientAddress("10.0.0.2", "10.0.0.3, 10.0.0.4", trusted),
              "10.0.0.2");  // all hops trusted
    EXPECT_EQ(ClientAddress("10.0.0.2", "unknown", trusted), "10.0.0.2");
    EXPECT_EQ(ClientAddress("10.0.0.2", "198.51.100.7, garbage", trusted), "10.0.0.2");
    EXPECT_EQ(ClientAddress("10.0.0.2", "198.51.100.7:4444", trusted), "10.0.0.2");
    EXPECT_EQ(ClientAddress("10.0.0.2", "[2001:db8::1]", trusted), "10.0.0.2");
    EXPECT_EQ(ClientAddress("10.0.0.2", " , ", trusted), "10.0.0.2");
    // A network is not an address.
    EXPECT_EQ(ClientAddress("10.0.0.2", "198.51.100.0/24", trusted), "10.0.0.2");
}

TEST(IsAcceptableRequestId, ShortAndPlainOnly) {
    EXPECT_TRUE(IsAcceptableRequestId("abc-123_x.y:z"));
    EXPECT_TRUE(IsAcceptableRequestId("550e8400-e29b-41d4-a716-446655440000"));
    EXPECT_TRUE(IsAcceptableRequestId(std::string(128, 'a')));
    EXPECT_FALSE(IsAcceptableRequestId(std::string(129, 'a')));
    EXPECT_FALSE(IsAcceptableRequestId(""));
    for (const char* bad :
         {"a b", "a\"b", "a\nb", "a\rb", "a,b", "a;b", "a/b", "<script>", "\xC3\xA9"}) {
        EXPECT_FALSE(IsAcceptableRequestId(bad)) << bad;
    }
}

}  // namespace
}  // namespace switchyard::http
