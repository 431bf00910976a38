#pragma once
// An incremental Server-Sent Events parser (WHATWG HTML "event stream interpretation"), pure and
// allocation-aware: feed it bytes as they arrive, in any split, and it calls back once per
// complete event. Memory is bounded by `max_event_bytes`; a longer event is an error, not growth.

#include <cstddef>
#include <string>
#include <string_view>

namespace switchyard::sse {

struct Event {
    std::string event;  // the `event:` field; empty means "message"
    std::string data;   // `data:` lines joined with '\n'
    std::string id;
};

enum class FeedStatus { kOk, kEventTooLarge };

class Parser {
public:
    static constexpr std::size_t kDefaultMaxEventBytes = 8 * 1024 * 1024;

    explicit Parser(std::size_t max_event_bytes = kDefaultMaxEventBytes) : max_event_bytes_(max_event_bytes) {}

    /// Consumes `bytes`; calls `on_event(const Event&)` for each event completed by them. After
    /// kEventTooLarge the parser must not be fed again.
    template <class OnEvent>
    FeedStatus Feed(std::string_view bytes, OnEvent&& on_event) {
        while (!bytes.empty()) {
            switch (Step(bytes)) {
                case StepResult::kNeedMore: break;
                case StepResult::kEvent:
                    on_event(static_cast<const Event&>(event_));
                    ClearEvent();
                    break;
                case StepResult::kTooLarge: return FeedStatus::kEventTooLarge;
            }
        }
        return FeedStatus::kOk;
    }

    /// True when bytes of an unfinished line or event are buffered: at end of stream that means
    /// the upstream was cut off mid-event.
    bool HasPartial() const { return !line_.empty() || has_fields_; }

    /// Number of comment lines seen (": keep-alive" and the like).
    std::size_t comments() const { return comments_; }

private:
    enum class StepResult { kNeedMore, kEvent, kTooLarge };

    StepResult Step(std::string_view& bytes);
    /// Processes one complete line; returns true when it was the blank line ending an event.
    bool ProcessLine(std::string_view line);
    void ClearEvent();

    std::size_t max_event_bytes_;
    std::string line_;        // an incomplete line carried between Feed calls
    Event event_;
    bool has_data_ = false;   // at least one data field in the current event
    bool has_fields_ = false; // any field in the current event
    bool skip_lf_ = false;    // the previous chunk ended in CR; a leading LF belongs to it
    bool at_start_ = true;    // a UTF-8 BOM may start the stream
    std::size_t event_bytes_ = 0;
    std::size_t comments_ = 0;
};

/// Appends one event in SSE wire format (`event:` if set, `data:` per line, blank line).
void AppendEvent(std::string& out, std::string_view event, std::string_view data);
/// Appends `data: <payload>\n\n`.
void AppendData(std::string& out, std::string_view payload);
/// Appends `: <text>\n\n`.
void AppendComment(std::string& out, std::string_view text);

}  // namespace switchyard::sse
