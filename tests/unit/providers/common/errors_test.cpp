#include "providers/common/errors.hpp"

#include <string>

#include <gtest/gtest.h>

#include "core/strings.hpp"

namespace switchyard::providers {
namespace {

using core::Errc;

core::Error Classify(int status, std::string_view message, std::string_view code = {}) {
    ProviderErrorFacts facts;
    facts.status = status;
    facts.message = message;
    facts.code = code;
    facts.raw = "{}";
    facts.provider_name = "Acme";
    return ClassifyProviderError(facts);
}

TEST(ClassifyProviderError, StatusDecidesWhenNothingElseDoes) {
    EXPECT_EQ(Classify(429, "").code, Errc::kUpstreamRateLimited);
    EXPECT_EQ(Classify(503, "").code, Errc::kUpstreamOverloaded);
    EXPECT_EQ(Classify(529, "").code, Errc::kUpstreamOverloaded);
    EXPECT_EQ(Classify(401, "").code, Errc::kUpstreamAuth);
    EXPECT_EQ(Classify(403, "").code, Errc::kUpstreamAuth);
    EXPECT_EQ(Classify(404, "").code, Errc::kUpstreamNotFound);
    EXPECT_EQ(Classify(408, "").code, Errc::kUpstreamServerError);
    EXPECT_EQ(Classify(504, "").code, Errc::kUpstreamServerError);
    EXPECT_EQ(Classify(400, "").code, Errc::kUpstreamBadRequest);
    EXPECT_EQ(Classify(500, "").code, Errc::kUpstreamServerError);
    EXPECT_EQ(Classify(200, "").code, Errc::kUpstreamStreamError);
}

TEST(ClassifyProviderError, CodesAndMessagesOverrideTheStatus) {
    EXPECT_EQ(Classify(400, "x", "context_length_exceeded").code, Errc::kUpstreamContextLength);
    EXPECT_EQ(Classify(400, "Exceeds the CONTEXT WINDOW of the model").code,
              Errc::kUpstreamContextLength);
    EXPECT_EQ(Classify(400, "input exceeds maximum context").code, Errc::kUpstreamContextLength);
    EXPECT_EQ(Classify(400, "prompt is too long").code, Errc::kUpstreamContextLength);
    EXPECT_EQ(Classify(200, "too many", "too_many_tokens").code, Errc::kUpstreamContextLength);
    EXPECT_EQ(Classify(400, "flagged", "content_policy_violation").code,
              Errc::kUpstreamContentFilter);
    EXPECT_EQ(Classify(200, "blocked", "SAFETY").code, Errc::kUpstreamContentFilter);
    EXPECT_EQ(Classify(200, "slow down", "rate_limit_error").code, Errc::kUpstreamRateLimited);
    EXPECT_EQ(Classify(500, "busy", "overloaded_error").code, Errc::kUpstreamOverloaded);
    EXPECT_EQ(Classify(400, "bad key", "invalid_api_key").code, Errc::kUpstreamAuth);
    EXPECT_EQ(Classify(200, "who are you", "authentication_error").code, Errc::kUpstreamAuth);
}

TEST(ClassifyProviderError, PassesRequestErrorsThroughWithTheirStatus) {
    EXPECT_EQ(Classify(422, "bad").HttpStatus(), 422);
    EXPECT_EQ(Classify(400, "bad").HttpStatus(), 400);
    EXPECT_EQ(Classify(413, "prompt is too long").HttpStatus(), 413);
    // In-stream context errors have no HTTP status of their own.
    EXPECT_EQ(Classify(200, "context length exceeded").HttpStatus(), 400);
    // Errors about the provider, not the request, keep the table's status.
    EXPECT_EQ(Classify(401, "bad key").HttpStatus(), 502);
    EXPECT_EQ(Classify(500, "boom").HttpStatus(), 502);
    EXPECT_EQ(Classify(404, "no such model").HttpStatus(), 404);
}

TEST(ClassifyProviderError, KeepsFacts) {
    ProviderErrorFacts facts;
    facts.status = 429;
    facts.message = "Too many requests";
    facts.raw = R"({"error":"Too many requests"})";
    facts.retry_after_s = 30;
    facts.provider_name = "Groq";
    const core::Error error = ClassifyProviderError(facts);
    EXPECT_EQ(error.message, "Too many requests");
    EXPECT_EQ(error.raw, R"({"error":"Too many requests"})");
    EXPECT_EQ(error.retry_after_s, 30);
    EXPECT_EQ(error.provider_name, "Groq");
    EXPECT_FALSE(error.internal.empty());
    EXPECT_EQ(Classify(500, "").message, "Provider returned error");
}

TEST(ClassifyProviderError, RawBodyIsBoundedValidUtf8) {
    // A multi-byte character straddling the bound must not be cut in half: the raw body ends up
    // inside a JSON string for the client.
    std::string raw(kMaxRawErrorBytes - 1, 'a');
    raw += "\xE2\x82\xAC\xE2\x82\xAC";
    ProviderErrorFacts facts;
    facts.status = 500;
    facts.raw = raw;
    const core::Error error = ClassifyProviderError(facts);
    EXPECT_LE(error.raw.size(), kMaxRawErrorBytes);
    EXPECT_TRUE(core::IsValidUtf8(error.raw));
    EXPECT_EQ(error.raw.substr(0, kMaxRawErrorBytes - 1), std::string(kMaxRawErrorBytes - 1, 'a'));

    facts.raw = "bad \xff byte";
    EXPECT_TRUE(core::IsValidUtf8(ClassifyProviderError(facts).raw));
}

}  // namespace
}  // namespace switchyard::providers
