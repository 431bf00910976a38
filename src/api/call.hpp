#pragma once
// One API request as the handlers see it: the exchange, the snapshot it runs against, the
// response headers every answer carries, and the record that becomes the access-log line and
// the metrics when it ends.

#include <string>
#include <utility>
#include <vector>

#include "api/context.hpp"
#include "auth/auth.hpp"
#include "core/error.hpp"
#include "ingress/egress.hpp"
#include "net/server.hpp"
#include "observability/metrics.hpp"

namespace switchyard::api {

struct Call {
    Context& context;
    net::Exchange& exchange;
    std::shared_ptr<const Snapshot> snapshot;
    std::vector<std::pair<std::string, std::string>> headers;  // sent with every response
    observability::RequestRecord record;
    std::optional<auth::Principal> principal;

    std::vector<net::HeaderField> HeaderFields() const;
    /// Sends a JSON body with the call's headers.
    net::Task<void> RespondJson(int status, std::string_view body);
    /// Sends an error in OpenRouter's shape (Retry-After included when known).
    net::Task<void> RespondError(const core::Error& error);
};

/// Authenticates the call with `Authorization: Bearer` (and, when `allow_x_api_key`, Anthropic's
/// `x-api-key` header); on failure returns the error to send.
std::optional<core::Error> Authenticate(Call& call, bool allow_x_api_key = false);

/// POST /chat/completions.
net::Task<void> HandleChatCompletions(Call& call);
/// POST /messages (Anthropic Messages in and out; api/messages.cpp).
net::Task<void> HandleMessages(Call& call);
/// POST /responses (OpenAI Responses; api/responses.cpp).
net::Task<void> HandleResponses(Call& call);
/// POST /completions (legacy prompt completions; api/completions.cpp).
net::Task<void> HandleCompletions(Call& call);
/// POST /embeddings (api/embeddings.cpp).
net::Task<void> HandleEmbeddings(Call& call);

/// Sends `error` with `egress`'s error shape (the client's API format).
net::Task<void> RespondError(Call& call, ingress::Egress& egress, const core::Error& error);
/// Routes and answers a chat-shaped request that arrived in any API format; `request` is the
/// ingress parser's result (its error is answered in the same format).
net::Task<void> RunChat(Call& call, std::unique_ptr<ingress::Egress> egress,
                        core::Result<canonical::ChatRequest> request);
/// 415 unless the request's Content-Type is JSON (a missing one is accepted).
std::optional<core::Error> CheckJsonContentType(const Call& call);

}  // namespace switchyard::api
