#include "ingress/egress.hpp"

namespace switchyard::ingress {
namespace {

class OpenAiChatEgress final : public Egress {
public:
    void Response(std::string& out, const canonical::ChatResponse& response, const canonical::Usage& usage,
                  const billing::Cost& cost, const ResponseMeta& meta) override {
        EncodeChatResponse(out, response, usage, cost, meta);
    }
    void ErrorBody(std::string& out, const core::Error& error) override { EncodeErrorBody(out, error); }
    void StreamChunk(std::string& out, const canonical::StreamChunk& chunk, const ResponseMeta& meta) override {
        if (!chunk.choices.empty()) {
            EncodeChunk(out, chunk, meta);
        }
    }
    void StreamEnd(std::string& out, const canonical::Usage& usage, const billing::Cost& cost,
                   const ResponseMeta& meta) override {
        EncodeUsageChunk(out, usage, cost, meta);
        EncodeDone(out);
    }
    void StreamError(std::string& out, const core::Error& error, const canonical::Usage& usage,
                     const billing::Cost& cost, const ResponseMeta& meta) override {
        EncodeErrorChunk(out, error, usage, cost, meta);
        EncodeDone(out);
    }
};

}  // namespace

std::unique_ptr<Egress> MakeOpenAiChatEgress() { return std::make_unique<OpenAiChatEgress>(); }

}  // namespace switchyard::ingress
