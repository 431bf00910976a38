#pragma once
// Schema migrations, versioned in the repository and applied in order at start-up.

#include <string_view>
#include <vector>

namespace switchyard::storage {

struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;
};

const std::vector<Migration>& Migrations();

}  // namespace switchyard::storage
