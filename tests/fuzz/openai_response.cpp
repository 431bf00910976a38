// Fuzzes the OpenAI adapter's readers of upstream answers: ParseChat on a (supposedly 2xx) body
// and ParseError on a non-2xx one, then the OpenAI chat egress that turns their results into
// what the client sees. Input: byte 0 picks the HTTP status given to ParseError, the rest is the
// body.
//
// Invariants: no crash or undefined behaviour; the client-facing response and error bodies are
// valid JSON whatever the provider sent; an error always has a message and a 4xx/5xx status.

#include <iterator>
#include <string>

#include "billing/pricing.hpp"
#include "fuzz_util.hpp"
#include "ingress/egress.hpp"
#include "providers/openai/openai.hpp"

namespace {

namespace canonical = switchyard::canonical;
using switchyard::fuzz::Check;

/// Statuses a provider answers with, plus a few it should not.
constexpr int kStatuses[] = {400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502,
                             503, 504, 520, 529, 200, 0,   302, 999, -1,  418, 451, 599};

void CheckError(const switchyard::core::Error& error) {
    Check(!error.message.empty(), "an error has a message");
    const int status = error.HttpStatus();
    Check(status >= 400 && status < 600, "an error maps to a 4xx or 5xx status");
    std::string body;
    switchyard::ingress::MakeOpenAiChatEgress()->ErrorBody(body, error);
    Check(switchyard::fuzz::IsJson(body), "the client error body is valid JSON");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const int status = kStatuses[data[0] % std::size(kStatuses)];
    const std::optional<std::int64_t> retry_after =
        data[0] >= 128 ? std::optional<std::int64_t>(data[0] - 128) : std::nullopt;
    const std::string_view body = switchyard::fuzz::Rest(data, size, 1);
    static const switchyard::providers::openai::OpenAiAdapter adapter;

    auto response = adapter.ParseChat(body);
    if (response) {
        const canonical::Usage usage = response->usage.value_or(canonical::Usage{});
        switchyard::billing::Prices prices;
        prices.prompt = 2'500'000;
        prices.completion = 10'000'000;
        prices.cache_read = 1'250'000;
        const switchyard::billing::Cost cost = switchyard::billing::ComputeCost(usage, prices);
        switchyard::ingress::ResponseMeta meta;
        meta.generation_id = "gen-fuzz";
        meta.model = "openai/gpt-4o";
        meta.provider_name = "OpenAI";
        std::string out;
        switchyard::ingress::MakeOpenAiChatEgress()->Response(out, *response, usage, cost, meta);
        Check(switchyard::fuzz::IsJson(out), "the client response body is valid JSON");
    } else {
        CheckError(response.error());
    }

    CheckError(adapter.ParseError(status, body, retry_after, "OpenAI"));
    return 0;
}
