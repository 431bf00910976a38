#pragma once
// Wiring: workers, the API context, listeners and signals. `serve` and `demo` both run a
// Gateway; `mock` runs a MockServer.

#include <memory>
#include <string>
#include <vector>

#include "api/context.hpp"
#include "config/config.hpp"
#include "mock/server.hpp"
#include "net/server.hpp"
#include "net/worker.hpp"

namespace boost::asio::ssl {
class context;
}

namespace switchyard::app {

/// Raises the soft open-file limit to the hard limit (each relayed stream holds two sockets).
void RaiseFileLimit();

/// A server TLS context from PEM files; throws on unreadable files (start-up only).
std::shared_ptr<boost::asio::ssl::context> MakeServerTlsContext(const std::string& cert_file,
                                                                const std::string& key_file);

/// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread and every thread it starts, so that
/// WaitForSignal can take them synchronously. Call first thing in main().
void BlockSignals();
/// Waits for SIGINT/SIGTERM (returns it) — SIGHUP calls `on_hup` and keeps waiting.
int WaitForSignal(const std::function<void()>& on_hup);

class Gateway {
public:
    explicit Gateway(config::Config config);
    ~Gateway();

    /// Starts workers and listeners; prints "listening on ..." lines. Returns an error message.
    std::string Start(const std::string& admin_key);
    /// Graceful shutdown: stop accepting, let requests in flight finish within the grace period.
    void Shutdown();

    std::uint16_t port() const { return port_; }
    api::Context& context() { return *context_; }

private:
    config::Config config_;
    core::RealClock clock_;
    std::vector<std::unique_ptr<net::Worker>> workers_;
    std::unique_ptr<api::Context> context_;
    std::unique_ptr<net::Server> server_;
    std::unique_ptr<net::Server> tls_server_;
    std::unique_ptr<net::Server> admin_server_;
    std::shared_ptr<boost::asio::ssl::context> tls_context_;
    std::uint16_t port_ = 0;
};

class MockServer {
public:
    MockServer(mock::MockOptions options, int threads);
    ~MockServer();
    /// Returns the bound port, or 0 with `error` set. With `cert_file`/`key_file` it serves TLS.
    std::uint16_t Start(const std::string& host, std::uint16_t port, std::string& error,
                        const std::string& cert_file = {}, const std::string& key_file = {});
    void Stop();
    std::shared_ptr<mock::Stats> stats() { return stats_; }

private:
    std::vector<std::unique_ptr<net::Worker>> workers_;
    std::shared_ptr<mock::Stats> stats_;
    std::unique_ptr<net::Server> server_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    mock::MockOptions options_;
};

}  // namespace switchyard::app
