// PLACEHOLDER, replaced by the adapters work before it lands: answers 404 until then.
#include "api/call.hpp"

namespace switchyard::api {

net::Task<void> HandleCompletions(Call& call) {
    co_await call.RespondError(core::MakeError(core::Errc::kRouteNotFound, "Not available yet"));
}

}  // namespace switchyard::api
