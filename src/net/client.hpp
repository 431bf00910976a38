#pragma once
// The upstream HTTP/1.1 client: a keep-alive connection pool per worker and upstream host,
// cached asynchronous DNS, TLS with certificate and host-name verification against the system
// CA store (plus a provider's own CA file), and a deadline on every phase: connect (DNS, TCP
// and TLS), first byte (until the response head), idle (between body reads) and total.

#include <chrono>
#include <functional>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "net/asio.hpp"

namespace boost::asio::ssl {
class context;
}

namespace switchyard::net {

class Worker;
class Connection;
class ConnectionPool;

/// A parsed base URL ("https://api.openai.com/v1").
struct UpstreamUrl {
    bool tls = false;
    std::string host;  // without brackets for IPv6
    std::uint16_t port = 0;
    std::string base_path;    // "/v1", no trailing slash
    std::string host_header;  // "api.openai.com" or "host:8443"

    static std::optional<UpstreamUrl> Parse(std::string_view url);
};

struct PhaseTimeouts {
    std::chrono::milliseconds connect{10'000};
    std::chrono::milliseconds first_byte{120'000};
    std::chrono::milliseconds idle{60'000};
    std::chrono::milliseconds total{600'000};
};

/// Lets another coroutine on the same worker abort a request in any phase (the client went
/// away): whatever socket or lookup is in flight is closed, so the pending operation fails at
/// once. Owned by the caller; must outlive the Send and the response.
class CancelSignal {
public:
    void Cancel() {
        cancelled_ = true;
        if (on_cancel_) {
            on_cancel_();
        }
    }
    bool cancelled() const { return cancelled_; }

private:
    friend class UpstreamClient;
    friend class UpstreamResponse;
    std::function<void()> on_cancel_;
    bool cancelled_ = false;
};

struct ClientRequest {
    const UpstreamUrl* url = nullptr;
    boost::asio::ssl::context* tls = nullptr;  // required when url->tls
    std::string method = "POST";
    std::string path;  // appended to url->base_path
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    PhaseTimeouts timeouts;
    /// The caller's own deadline (the client request's): phases never run past it.
    std::chrono::steady_clock::time_point overall_deadline = std::chrono::steady_clock::time_point::max();
    std::size_t max_idle_connections = 64;
    CancelSignal* cancel = nullptr;
};

/// A response whose head has arrived; the body is read incrementally. Owned by one coroutine.
class UpstreamResponse {
public:
    ~UpstreamResponse();
    UpstreamResponse(const UpstreamResponse&) = delete;
    UpstreamResponse& operator=(const UpstreamResponse&) = delete;

    int Status() const;
    std::string_view Header(std::string_view name) const;
    /// Retry-After in whole seconds (delta-seconds form), if present and sane.
    std::optional<std::int64_t> RetryAfterSeconds() const;

    /// The next piece of the body (de-chunked); an empty view means the body is complete.
    /// The view is valid until the next call. Errors: reset, idle timeout, total timeout,
    /// malformed framing, or aborted (after Abort()).
    Task<core::Result<std::string_view>> ReadSome();
    /// The whole (remaining) body, failing if it exceeds `limit` bytes.
    Task<core::Result<std::string>> ReadAll(std::size_t limit);
    /// Closes the connection at once (the client went away): pending reads fail.
    void Abort();
    bool Aborted() const { return aborted_; }
    /// The time the response head arrived.
    std::chrono::steady_clock::time_point head_at() const { return head_at_; }

private:
    friend class UpstreamClient;
    struct State;
    UpstreamResponse(std::unique_ptr<Connection> connection, std::unique_ptr<State> state, ConnectionPool* pool,
                     CancelSignal* cancel);

    std::unique_ptr<Connection> connection_;
    std::unique_ptr<State> state_;
    ConnectionPool* pool_;
    CancelSignal* cancel_;
    bool aborted_ = false;
    std::chrono::steady_clock::time_point head_at_{};
};

/// One per worker; all calls on that worker's thread.
class UpstreamClient {
public:
    explicit UpstreamClient(Worker& worker);
    ~UpstreamClient();

    /// Connects (or reuses a pooled connection), sends the request and waits for the response
    /// head. A pooled connection that turns out to be dead before any response byte is retried
    /// once on a fresh connection.
    Task<core::Result<std::unique_ptr<UpstreamResponse>>> Send(const ClientRequest& request);

    /// Idle pooled connections, for tests and metrics.
    std::size_t IdleConnections() const;

private:
    Task<core::Result<std::unique_ptr<Connection>>> Connect(const ClientRequest& request, const std::string& key,
                                                            std::chrono::steady_clock::time_point deadline);
    Task<core::Result<std::unique_ptr<UpstreamResponse>>> Exchange(std::unique_ptr<Connection> connection,
                                                                   const ClientRequest& request, bool* retryable);

    Worker& worker_;
    std::unique_ptr<ConnectionPool> pool_;
    struct DnsEntry {
        std::vector<Tcp::endpoint> endpoints;
        std::chrono::steady_clock::time_point expires;
    };
    std::unordered_map<std::string, DnsEntry> dns_cache_;
};

/// Creates a client TLS context that verifies peers against the system CA store and, when
/// `ca_file` is set, that PEM bundle as well. Throws on an unreadable CA file (start-up only).
std::shared_ptr<boost::asio::ssl::context> MakeClientTlsContext(const std::string& ca_file);

}  // namespace switchyard::net
