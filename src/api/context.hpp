#pragma once
// What the HTTP API's handlers share: the current configuration snapshot (swapped atomically
// on reload, requests in flight keep theirs), the adapters, key verification, metrics and the
// per-worker upstream clients.

#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/auth.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "net/client.hpp"
#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "providers/registry.hpp"
#include "routing/catalog.hpp"

namespace switchyard::net {
struct ServerStats;
}

namespace switchyard::api {

class Accounts;

/// A provider as the data plane needs it: parsed URL, TLS context and phase timeouts.
struct ProviderRuntime {
    net::UpstreamUrl url;
    std::shared_ptr<boost::asio::ssl::context> tls;
    net::PhaseTimeouts timeouts;
    std::size_t max_idle_connections = 64;
};

/// One immutable configuration generation.
struct Snapshot {
    std::shared_ptr<const config::Config> config;
    std::shared_ptr<const routing::Catalog> catalog;
    std::unordered_map<std::string, ProviderRuntime> providers;  // by provider id
};

/// Builds a snapshot: catalog, parsed provider URLs and TLS contexts. Returns error lines.
std::variant<std::shared_ptr<const Snapshot>, std::vector<std::string>> BuildSnapshot(
    std::shared_ptr<const config::Config> config);

struct Context {
    Context(core::Clock& clock_in, const config::ServerConfig& server_in)
        : clock(clock_in), server(server_in), access_log(server_in.access_log) {}

    core::Clock& clock;
    config::ServerConfig server;  // listener-level settings; not reloadable
    std::atomic<std::shared_ptr<const Snapshot>> snapshot;
    providers::Registry registry;
    std::shared_ptr<const auth::KeyVerifier> verifier;
    std::shared_ptr<Accounts> accounts;  // keys, credits, holds and records
    observability::Metrics metrics;
    observability::AccessLog access_log;
    /// One upstream client per worker, indexed by Worker::index().
    std::vector<std::unique_ptr<net::UpstreamClient>> clients;
    std::atomic<bool> ready{false};
    std::atomic<bool> shutting_down{false};

    std::shared_ptr<const Snapshot> Current() const { return snapshot.load(std::memory_order_acquire); }
};

}  // namespace switchyard::api
