#include "providers/adapter.hpp"

namespace switchyard::providers {
namespace {

class SseFramer final : public Framer {
public:
    sse::FeedStatus Feed(std::string_view bytes, const std::function<void(const sse::Event&)>& on_event) override {
        return parser_.Feed(bytes, on_event);
    }

private:
    sse::Parser parser_;
};

}  // namespace

std::unique_ptr<Framer> MakeSseFramer() { return std::make_unique<SseFramer>(); }

core::Result<HttpRequest> Adapter::BuildEmbeddings(const canonical::EmbeddingRequest& /*request*/,
                                                   const Target& /*target*/) const {
    return core::MakeError(core::Errc::kNoEndpoint, "This provider does not serve embeddings");
}

core::Result<canonical::EmbeddingResponse> Adapter::ParseEmbeddings(std::string_view /*body*/) const {
    return core::MakeError(core::Errc::kNoEndpoint, "This provider does not serve embeddings");
}

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
