// Fuzzes sse::Parser with a small event bound, feeding the same stream once whole and once in
// pieces. Input: byte 0 seeds the split points (fuzz::Pieces), byte 1 sets max_event_bytes to
// 1..256, the rest is the event stream.
//
// Invariants: the events, the final status and the parser's leftover state do not depend on how
// the bytes were split; no event carries more bytes than the bound; the data handed out never
// exceeds the bytes fed in.

#include <string>
#include <vector>

#include "fuzz_util.hpp"
#include "sse/parser.hpp"

namespace {

using switchyard::fuzz::Check;
using switchyard::sse::Event;
using switchyard::sse::FeedStatus;
using switchyard::sse::Parser;

struct Outcome {
    std::vector<Event> events;
    FeedStatus status = FeedStatus::kOk;
    bool partial = false;
    std::size_t comments = 0;
};

Outcome Run(std::string_view stream, std::size_t max_event_bytes, std::uint8_t seed) {
    Outcome out;
    Parser parser(max_event_bytes);
    switchyard::fuzz::Pieces pieces(stream, seed);
    std::string_view piece;
    while (pieces.Next(piece)) {
        out.status = parser.Feed(piece, [&](const Event& event) { out.events.push_back(event); });
        if (out.status != FeedStatus::kOk) {
            break;  // the parser must not be fed after kEventTooLarge
        }
    }
    out.partial = parser.HasPartial();
    out.comments = parser.comments();
    return out;
}

bool SameEvent(const Event& a, const Event& b) {
    return a.event == b.event && a.data == b.data && a.id == b.id;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    const std::uint8_t seed = data[0];
    const std::size_t max_event_bytes = std::size_t{1} + data[1];
    const std::string_view stream = switchyard::fuzz::Rest(data, size, 2);

    const Outcome whole = Run(stream, max_event_bytes, 0);
    const Outcome split = Run(stream, max_event_bytes, seed);

    std::size_t data_bytes = 0;
    for (const Event& event : whole.events) {
        Check(event.event.size() + event.data.size() + event.id.size() <= max_event_bytes,
              "an event is within max_event_bytes");
        data_bytes += event.data.size();
    }
    Check(data_bytes <= stream.size(), "no more data bytes out than in");

    Check(whole.status == split.status, "same status whole and split");
    Check(whole.events.size() == split.events.size(), "same number of events whole and split");
    for (std::size_t i = 0; i < whole.events.size(); ++i) {
        Check(SameEvent(whole.events[i], split.events[i]), "same events whole and split");
    }
    Check(whole.comments == split.comments, "same comment count whole and split");
    if (whole.status == FeedStatus::kOk) {
        Check(whole.partial == split.partial, "same partial state whole and split");
    }
    return 0;
}
