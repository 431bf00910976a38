#include "core/error.hpp"

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace switchyard::core {
namespace {

struct Listed {
    Errc code;
    std::string camel;
    int value;
};

/// Every code, straight from the X-macro list (so a new code is covered automatically).
std::vector<Listed> AllCodes() {
    return {
#define SY_TEST_LISTED(name, value, status, retry, type) Listed{Errc::k##name, #name, value},
        SWITCHYARD_ERRORS(SY_TEST_LISTED)
#undef SY_TEST_LISTED
    };
}

TEST(ErrorTable, EveryCodeHasAUniqueSnakeCaseName) {
    const std::regex snake("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    std::set<std::string_view> names;
    std::set<int> values;
    for (const Listed& listed : AllCodes()) {
        const std::string_view name = Info(listed.code).name;
        EXPECT_TRUE(std::regex_match(std::string(name), snake)) << name;
        EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
        EXPECT_TRUE(values.insert(listed.value).second) << "duplicate number " << listed.value;
        // The name is the enumerator's, in snake case: kUpstreamDns → "upstream_dns".
        std::string expected;
        for (char c : listed.camel) {
            if (c >= 'A' && c <= 'Z') {
                if (!expected.empty()) {
                    expected.push_back('_');
                }
                expected.push_back(static_cast<char>(c + 32));
            } else {
                expected.push_back(c);
            }
        }
        EXPECT_EQ(name, expected);
    }
    EXPECT_EQ(Info(Errc::kUpstreamDns).name, "upstream_dns");
    EXPECT_EQ(Info(Errc::kMalformedJson).name, "malformed_json");
}

TEST(ErrorTable, HttpStatusesFollowTheDesign) {
    // design.md, "Errors": one expected status per code.
    const std::map<Errc, int> expected = {
        {Errc::kMalformedJson, 400},
        {Errc::kInvalidRequest, 400},
        {Errc::kMissingModel, 400},
        {Errc::kUnknownModel, 404},
        {Errc::kNoEndpoint, 404},
        {Errc::kBodyTooLarge, 413},
        {Errc::kUnsupportedMediaType, 415},
        {Errc::kHeadersTooLarge, 431},
        {Errc::kMethodNotAllowed, 405},
        {Errc::kRouteNotFound, 404},
        {Errc::kRequestTimeout, 408},
        {Errc::kBadHttp, 400},
        {Errc::kMissingKey, 401},
        {Errc::kInvalidKey, 401},
        {Errc::kDisabledKey, 401},
        {Errc::kForbidden, 403},
        {Errc::kInsufficientCredits, 402},
        {Errc::kKeyLimitExceeded, 402},
        {Errc::kRateLimited, 429},
        {Errc::kNoProviderAvailable, 503},
        {Errc::kOverloaded, 503},
        {Errc::kShuttingDown, 503},
        {Errc::kUpstreamDns, 502},
        {Errc::kUpstreamConnect, 502},
        {Errc::kUpstreamTls, 502},
        {Errc::kUpstreamReset, 502},
        {Errc::kUpstreamConnectTimeout, 502},
        {Errc::kUpstreamFirstByteTimeout, 502},
        {Errc::kUpstreamIdleTimeout, 502},
        {Errc::kUpstreamTotalTimeout, 502},
        {Errc::kUpstreamServerError, 502},
        {Errc::kUpstreamRateLimited, 429},
        {Errc::kUpstreamOverloaded, 502},
        {Errc::kUpstreamBadRequest, 400},
        {Errc::kUpstreamAuth, 502},
        {Errc::kUpstreamMalformed, 502},
        {Errc::kUpstreamTruncated, 502},
        {Errc::kUpstreamStreamError, 502},
        {Errc::kUpstreamContextLength, 400},
        {Errc::kUpstreamContentFilter, 403},
        {Errc::kUpstreamNotFound, 404},
        {Errc::kUpstreamWrongContentType, 502},
        {Errc::kInternal, 500},
    };
    const std::vector<Listed> all = AllCodes();
    EXPECT_EQ(all.size(), expected.size()) << "a code was added: give it an expected status here";
    for (const Listed& listed : all) {
        auto found = expected.find(listed.code);
        ASSERT_NE(found, expected.end()) << listed.camel;
        EXPECT_EQ(Info(listed.code).http_status, found->second) << listed.camel;
    }
}

TEST(ErrorTable, OnlyProviderFailuresBeforeOutputAreRetriedElsewhere) {
    for (const Listed& listed : AllCodes()) {
        if (listed.value < 400 || listed.value >= 600) {
            EXPECT_FALSE(Info(listed.code).retry_elsewhere) << listed.camel;
        }
        EXPECT_FALSE(Info(listed.code).error_type.empty()) << listed.camel;
    }
    EXPECT_TRUE(Info(Errc::kUpstreamConnect).retry_elsewhere);
    EXPECT_TRUE(Info(Errc::kUpstreamRateLimited).retry_elsewhere);
    EXPECT_FALSE(
        Info(Errc::kUpstreamContextLength).retry_elsewhere);  // every provider would refuse it
    EXPECT_FALSE(Info(Errc::kUpstreamBadRequest).retry_elsewhere);
}

TEST(Error, HttpStatusHonoursTheOverride) {
    Error error = MakeError(Errc::kUpstreamBadRequest, "bad", "internal detail");
    EXPECT_EQ(error.code, Errc::kUpstreamBadRequest);
    EXPECT_EQ(error.message, "bad");
    EXPECT_EQ(error.internal, "internal detail");
    EXPECT_EQ(error.HttpStatus(), 400);
    error.status_override = 422;
    EXPECT_EQ(error.HttpStatus(), 422);
    EXPECT_FALSE(error.RetryElsewhere());
    EXPECT_TRUE(MakeError(Errc::kUpstreamReset, "").RetryElsewhere());
}

TEST(Error, ValueThrowsOnlyWhenAsked) {
    Result<int> failed = MakeError(Errc::kInternal, "boom");
    EXPECT_FALSE(failed.has_value());
    EXPECT_THROW((void)failed.value(), std::runtime_error);
    Result<int> ok = 3;
    EXPECT_EQ(ok.value(), 3);
}

TEST(StatusReason, NamesCommonStatuses) {
    EXPECT_EQ(StatusReason(200), "OK");
    EXPECT_EQ(StatusReason(404), "Not Found");
    EXPECT_EQ(StatusReason(429), "Too Many Requests");
    EXPECT_EQ(StatusReason(431), "Request Header Fields Too Large");
    EXPECT_EQ(StatusReason(502), "Bad Gateway");
    EXPECT_EQ(StatusReason(599), "Unknown");
    // Every status the error table can produce has a reason phrase.
    for (const Listed& listed : AllCodes()) {
        EXPECT_NE(StatusReason(Info(listed.code).http_status), "Unknown") << listed.camel;
    }
}

}  // namespace
}  // namespace switchyard::core
