// Fuzzes the streaming relay's pure half as api/chat.cpp runs it: upstream bytes → sse::Parser →
// the OpenAI adapter's StreamTranslator → the OpenAI chat egress (ingress encoders), ending with
// the usage chunk and [DONE], or the terminal error chunk. Input: byte 0 seeds the split points,
// the rest is the upstream body.
//
// Invariants: no crash or undefined behaviour, and every event written to the client is one
// `data:` line holding valid JSON (or [DONE]).

#include <optional>
#include <string>
#include <vector>

#include "billing/pricing.hpp"
#include "fuzz_util.hpp"
#include "ingress/egress.hpp"
#include "providers/openai/openai.hpp"
#include "sse/parser.hpp"

namespace {

namespace billing = switchyard::billing;
namespace canonical = switchyard::canonical;
namespace core = switchyard::core;
namespace ingress = switchyard::ingress;
namespace sse = switchyard::sse;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::string_view upstream = switchyard::fuzz::Rest(data, size, 1);

    static const switchyard::providers::openai::OpenAiAdapter adapter;
    auto translator = adapter.NewStreamTranslator();
    auto egress = ingress::MakeOpenAiChatEgress();
    // A small bound, so that fuzzed inputs reach oversized events; the relay uses the default.
    sse::Parser parser(4 * 1024);
    std::vector<canonical::StreamChunk> chunks;
    std::optional<canonical::Usage> usage;
    std::optional<core::Error> error;
    ingress::ResponseMeta meta;
    meta.generation_id = "gen-fuzz";
    meta.model = "openai/gpt-4o-mini";
    meta.provider_name = "OpenAI";
    meta.created = 1'700'000'000;
    billing::Prices prices;
    prices.prompt = 150'000;  // $0.15 per million tokens, in picodollars per token
    prices.completion = 600'000;

    std::string out;
    auto drain = [&] {
        out.clear();
        for (const canonical::StreamChunk& chunk : chunks) {
            if (chunk.usage) {
                usage = chunk.usage;
            }
            egress->StreamChunk(out, chunk, meta);
        }
        chunks.clear();
        switchyard::fuzz::CheckSseJson(out);
    };

    switchyard::fuzz::Pieces pieces(upstream, data[0]);
    std::string_view piece;
    while (!error && pieces.Next(piece)) {
        const sse::FeedStatus fed = parser.Feed(piece, [&](const sse::Event& event) {
            if (!error) {
                if (auto status = translator->OnEvent(event, chunks); !status) {
                    error = status.error();
                }
            }
        });
        if (fed == sse::FeedStatus::kEventTooLarge && !error) {
            error = core::MakeError(core::Errc::kUpstreamMalformed, "oversized stream event");
        }
        drain();
    }
    if (!error) {
        if (auto status = translator->OnEnd(chunks); !status) {
            error = status.error();
        }
        drain();
    }

    const canonical::Usage final_usage = usage.value_or(canonical::Usage{});
    const billing::Cost cost = billing::ComputeCost(final_usage, prices);
    out.clear();
    if (error) {
        egress->StreamError(out, *error, final_usage, cost, meta);
    } else {
        egress->StreamEnd(out, final_usage, cost, meta);
    }
    switchyard::fuzz::CheckSseJson(out);
    return 0;
}
