#pragma once
#include "api/context.hpp"
#include "net/server.hpp"

namespace switchyard::api {

/// The public API (`/api/v1/...`, `/v1/...`, health and metrics).
net::Handler MakeApiHandler(Context& context);
/// The operator listener: /metrics, /healthz, /readyz without a key.
net::Handler MakeAdminHandler(Context& context);

}  // namespace switchyard::api
