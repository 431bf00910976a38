#include "mock/format.hpp"
#include "mock/formats/openai.hpp"

namespace switchyard::mock {

// Every format the mock speaks, in one list.
std::unique_ptr<Format> MakeFormat(std::string_view name) {
    if (name == "openai") {
        return std::make_unique<OpenAiFormat>();
    }
    if (name == "azure") {
        return std::make_unique<AzureFormat>();
    }
    return nullptr;
}

std::string FormatNames() { return "openai, azure"; }

}  // namespace switchyard::mock
