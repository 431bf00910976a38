#include "providers/adapter.hpp"

namespace switchyard::providers {

bool Target::Dropped(std::string_view parameter) const {
    if (dropped_parameters == nullptr) {
        return false;
    }
    for (const std::string& dropped : *dropped_parameters) {
        if (dropped == parameter) {
            return true;
        }
    }
    return false;
}

}  // namespace switchyard::providers
