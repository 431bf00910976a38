#include "sse/parser.hpp"

#include <cstring>

namespace switchyard::sse {

Parser::StepResult Parser::Step(std::string_view& bytes) {
    if (skip_lf_) {
        skip_lf_ = false;
        if (bytes.front() == '\n') {
            bytes.remove_prefix(1);
            return StepResult::kNeedMore;
        }
    }
    if (at_start_) {
        // Strip a UTF-8 byte order mark at the very start, even if it arrives split.
        static constexpr std::string_view kBom = "\xEF\xBB\xBF";
        const std::size_t have = line_.size();
        const std::size_t want = kBom.size() - have;
        const std::string_view probe = bytes.substr(0, want);
        if (kBom.substr(have, probe.size()) == probe) {
            if (probe.size() == want) {
                bytes.remove_prefix(want);
                line_.clear();
                at_start_ = false;
            } else {
                line_.append(probe);
                bytes.remove_prefix(probe.size());
            }
            return StepResult::kNeedMore;
        }
        at_start_ = false;  // not a BOM; anything buffered is ordinary line content
    }

    const char* begin = bytes.data();
    const std::size_t n = bytes.size();
    std::size_t end = 0;
    while (end < n && begin[end] != '\n' && begin[end] != '\r') {
        ++end;
    }
    if (end == n) {
        if (line_.size() + n > max_event_bytes_) {
            return StepResult::kTooLarge;
        }
        line_.append(begin, n);
        bytes.remove_prefix(n);
        return StepResult::kNeedMore;
    }
    const bool cr = begin[end] == '\r';
    std::size_t consumed = end + 1;
    if (cr) {
        if (consumed < n) {
            if (begin[consumed] == '\n') {
                ++consumed;
            }
        } else {
            skip_lf_ = true;
        }
    }
    bool dispatch = false;
    if (line_.empty()) {
        // The same bound as for a line carried between chunks, so that whether an over-long line
        // (a comment, say) is an error does not depend on how the stream was split.
        if (end > max_event_bytes_) {
            return StepResult::kTooLarge;
        }
        dispatch = ProcessLine(std::string_view(begin, end));
    } else {
        if (line_.size() + end > max_event_bytes_) {
            return StepResult::kTooLarge;
        }
        line_.append(begin, end);
        dispatch = ProcessLine(line_);
        line_.clear();
    }
    bytes.remove_prefix(consumed);
    if (event_bytes_ > max_event_bytes_) {
        return StepResult::kTooLarge;
    }
    return dispatch ? StepResult::kEvent : StepResult::kNeedMore;
}

bool Parser::ProcessLine(std::string_view line) {
    if (line.empty()) {
        if (!has_data_) {
            // Per the spec an event without data is not dispatched; its fields are discarded.
            ClearEvent();
            return false;
        }
        return true;
    }
    if (line.front() == ':') {
        ++comments_;
        return false;
    }
    const std::size_t colon = line.find(':');
    std::string_view field = line.substr(0, colon);
    std::string_view value;
    if (colon != std::string_view::npos) {
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') {
            value.remove_prefix(1);
        }
    }
    event_bytes_ += line.size();
    if (field == "data") {
        if (has_data_) {
            event_.data.push_back('\n');
        }
        event_.data.append(value);
        has_data_ = true;
        has_fields_ = true;
    } else if (field == "event") {
        event_.event.assign(value);
        has_fields_ = true;
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) {
            event_.id.assign(value);
        }
        has_fields_ = true;
    }
    // "retry" and unknown fields are ignored, as the spec says.
    return false;
}

void Parser::ClearEvent() {
    event_.event.clear();
    event_.data.clear();
    event_.id.clear();
    has_data_ = false;
    has_fields_ = false;
    event_bytes_ = 0;
}

void AppendEvent(std::string& out, std::string_view event, std::string_view data) {
    if (!event.empty()) {
        out.append("event: ");
        out.append(event);
        out.push_back('\n');
    }
    while (true) {
        const std::size_t nl = data.find('\n');
        out.append("data: ");
        out.append(data.substr(0, nl));
        out.push_back('\n');
        if (nl == std::string_view::npos) {
            break;
        }
        data.remove_prefix(nl + 1);
    }
    out.push_back('\n');
}

void AppendData(std::string& out, std::string_view payload) {
    out.append("data: ");
    out.append(payload);
    out.append("\n\n");
}

void AppendComment(std::string& out, std::string_view text) {
    out.append(": ");
    out.append(text);
    out.append("\n\n");
}

}  // namespace switchyard::sse
