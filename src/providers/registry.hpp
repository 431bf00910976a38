#pragma once
#include <memory>
#include <string_view>
#include <vector>

#include "providers/adapter.hpp"

namespace switchyard::providers {

/// The adapters available to this process, looked up by configuration name.
class Registry {
public:
    void Add(std::string_view config_name, std::shared_ptr<const Adapter> adapter);
    const Adapter* Find(std::string_view config_name) const;

private:
    std::vector<std::pair<std::string, std::shared_ptr<const Adapter>>> adapters_;
};

/// Every built-in adapter, registered in one explicit list.
Registry BuiltinAdapters();

}  // namespace switchyard::providers
