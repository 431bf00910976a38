#pragma once
// One attempt's exchange with a provider, shared by every API format: build the client request
// from the adapter's HttpRequest and the provider's runtime settings, send it on this worker's
// pooled client, and turn a non-2xx answer into the adapter's classified error.

#include <chrono>
#include <memory>

#include "api/call.hpp"
#include "net/client.hpp"
#include "providers/adapter.hpp"
#include "routing/router.hpp"

namespace switchyard::api {

/// The translator inputs for one attempt.
providers::Target MakeTarget(const Context& context, const routing::Attempt& attempt);

/// Sends `request` to `endpoint`'s provider. Returns the response once its head arrived with a
/// 2xx status; every failure (transport, timeout, non-2xx) is an Error, not yet redacted.
net::Task<core::Result<std::unique_ptr<net::UpstreamResponse>>> SendUpstream(
    Call& call, const routing::Endpoint& endpoint, const providers::Adapter& adapter, providers::HttpRequest request,
    net::CancelSignal& cancel, std::chrono::steady_clock::time_point deadline);

/// Names the provider on an upstream error and removes its API key from the texts a client or
/// a log could see.
void PrepareUpstreamError(core::Error& error, const routing::Endpoint& endpoint);

/// Replaces every occurrence of `secret` (8 characters or more) in `text`.
void Redact(std::string& text, std::string_view secret);

}  // namespace switchyard::api
