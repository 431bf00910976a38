#include "canonical/chat.hpp"

#include <algorithm>

namespace switchyard::canonical {

std::string_view RoleName(Role role) {
    switch (role) {
        case Role::kSystem: return "system";
        case Role::kDeveloper: return "developer";
        case Role::kUser: return "user";
        case Role::kAssistant: return "assistant";
        case Role::kTool: return "tool";
    }
    return "user";
}

std::string Message::Text() const {
    std::string out;
    for (const ContentPart& part : content) {
        if (part.kind == PartKind::kText) {
            out.append(part.text);
        }
    }
    return out;
}

bool ChatRequest::HasParameter(std::string_view name) const {
    return std::find(parameters.begin(), parameters.end(), name) != parameters.end();
}

}  // namespace switchyard::canonical
