#pragma once
// The HTTP/1.1 server: one acceptor per worker on a shared port (SO_REUSEPORT), one coroutine
// per connection, keep-alive and pipelining (requests on a connection are answered in order),
// limits and deadlines on every phase, optional TLS, graceful shutdown.
//
// Handlers see an Exchange: the parsed request and the means to answer it, whole or streamed.
// Beast types stay inside server.cpp.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "net/asio.hpp"

namespace boost::asio::ssl {
class context;
}

namespace switchyard::net {

class Worker;
class Session;

struct HeaderField {
    std::string_view name;
    std::string_view value;
};

struct ServerOptions {
    std::size_t max_header_bytes = 32 * 1024;
    std::size_t max_body_bytes = 32 * 1024 * 1024;
    std::size_t max_connections = 10'000;
    std::chrono::milliseconds header_read_timeout{10'000};
    std::chrono::milliseconds body_read_timeout{60'000};
    std::chrono::milliseconds idle_timeout{75'000};
    std::chrono::milliseconds write_timeout{60'000};
};

/// Counters the server keeps for /metrics and for graceful shutdown.
struct ServerStats {
    std::atomic<std::int64_t> connections{0};      // open client connections
    std::atomic<std::int64_t> active_requests{0};  // requests inside a handler
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> rejected_connections{0};  // over max_connections
    std::atomic<std::uint64_t> header_timeouts{0};
    std::atomic<std::uint64_t> bad_requests{0};          // malformed HTTP
};

/// One request on a connection and the means to answer it. Valid for the duration of the
/// handler; all of it runs on the connection's worker thread.
class Exchange {
public:
    explicit Exchange(Session& session) : session_(session) {}

    // --- the request -------------------------------------------------------------------------
    std::string_view Method() const;
    std::string_view Target() const;
    std::string_view Path() const;
    std::string_view Query() const;
    /// The first value of header `name` (case-insensitive), or empty.
    std::string_view Header(std::string_view name) const;
    /// The body. Its capacity leaves room for simdjson's padding.
    const std::string& Body() const;
    /// The address of the TCP peer (not X-Forwarded-For; see http/ for that).
    const std::string& PeerAddress() const;
    bool IsTls() const;
    /// When the request's head was complete.
    core::SteadyTime received_at() const;

    // --- the response ------------------------------------------------------------------------
    /// Sends a complete response. Returns false when the client is gone.
    Task<bool> Respond(int status, std::string_view content_type, std::string_view body,
                       std::span<const HeaderField> headers = {});
    /// Sends the head of a chunked response (used for SSE); then Write() sends chunks.
    Task<bool> BeginStream(int status, std::string_view content_type, std::span<const HeaderField> headers = {});
    /// Sends one chunk; waits until the socket took it (that wait is the backpressure that slows
    /// the upstream read). Returns false when the client is gone or stopped reading.
    Task<bool> Write(std::string_view data);
    /// Ends the chunked response.
    Task<bool> EndStream();

    bool HeadSent() const;
    bool Finished() const;
    /// The response status that was sent (0 before the head).
    int Status() const;
    std::uint64_t BytesWritten() const;

    // --- while waiting -----------------------------------------------------------------------
    /// Watches the connection for the client going away while the handler waits on something
    /// else; `on_gone` runs once, on this thread, when it does. Stopped when the handler ends.
    void WatchClient(std::function<void()> on_gone);
    /// Stops watching; `on_gone` will not run after this (call before what it captures dies).
    void UnwatchClient();
    bool ClientGone() const;

    /// While the handler waits for a first upstream byte: after each `interval` without a
    /// Write, sends an SSE comment (committing a 200 event-stream head with `headers` on the
    /// first one) so clients and proxies keep the connection open.
    void StartKeepalive(std::chrono::milliseconds interval, std::string comment, std::vector<std::pair<std::string, std::string>> headers);
    /// Stops the keepalive and waits until it no longer writes. Safe to call when not started.
    Task<void> StopKeepalive();

    /// Asks that the connection be closed after this response.
    void CloseAfterResponse();

    // --- for the mock provider's fault modes ---------------------------------------------------
    /// Writes bytes as they are, with no framing; marks the response as sent.
    Task<bool> WriteRaw(std::string_view bytes);
    /// Resets the connection (RST, not FIN) at once.
    void ResetConnection();

private:
    Session& session_;
};

using Handler = std::function<Task<void>(Exchange&)>;

class Server {
public:
    /// `workers` must outlive the server; `handler` is called on the connection's worker.
    Server(std::vector<Worker*> workers, ServerOptions options, Handler handler);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Starts listening on host:port on every worker (port 0 picks one). `tls`, when given, must
    /// outlive the server. Returns the bound port, or an error message.
    std::variant<std::uint16_t, std::string> Listen(const std::string& host, std::uint16_t port,
                                                    boost::asio::ssl::context* tls = nullptr);

    /// Stops accepting new connections and closes idle keep-alive connections; requests in
    /// flight continue, and their connections close when they end.
    void BeginShutdown();
    /// Closes every connection at once (after the grace period).
    void CloseAll();

    ServerStats& stats() { return *stats_; }

    struct Shared;  // state shared with the sessions (defined in server.cpp)

private:
    struct Listener;
    std::vector<Worker*> workers_;
    std::shared_ptr<Shared> shared_;
    std::shared_ptr<ServerStats> stats_;
    std::vector<std::unique_ptr<Listener>> listeners_;
};

}  // namespace switchyard::net
