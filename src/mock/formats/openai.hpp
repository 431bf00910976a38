#pragma once
#include "mock/format.hpp"

namespace switchyard::mock {

class OpenAiFormat : public Format {
public:
    std::string_view name() const override { return "openai"; }
    bool Serves(std::string_view method, std::string_view path) const override;
    core::Result<MockRequest> ParseRequest(std::string_view path, std::string_view query,
                                           std::string_view body) const override;
    std::string Completion(const Plan& plan, std::int64_t created) const override;
    std::string ErrorBody(int status, std::string_view message) const override;
    std::string StreamStart(const Plan& plan, std::int64_t created) const override;
    std::string StreamToken(const Plan& plan, std::int64_t created, std::string_view token) const override;
    std::string StreamToolCall(const Plan& plan, std::int64_t created) const override;
    std::string StreamFinish(const Plan& plan, std::int64_t created) const override;
    std::string StreamErrorEvent(const Plan& plan) const override;
    std::string StreamMalformed() const override;
};

class AzureFormat final : public OpenAiFormat {
public:
    std::string_view name() const override { return "azure"; }
    bool Serves(std::string_view method, std::string_view path) const override;
    core::Result<MockRequest> ParseRequest(std::string_view path, std::string_view query,
                                           std::string_view body) const override;
    bool Authorized(const std::function<std::string_view(std::string_view)>& header,
                    std::string_view key) const override;
};

}  // namespace switchyard::mock
