#include "net/client.hpp"

#include <sys/socket.h>

#include <charconv>

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include "core/strings.hpp"
#include "net/stream.hpp"
#include "net/worker.hpp"

namespace switchyard::net {

namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;
using core::Errc;

namespace {
constexpr std::size_t kReadChunk = 4096;
constexpr std::uint32_t kMaxResponseHeader = 64 * 1024;
constexpr auto kMaxPooledIdle = std::chrono::seconds(20);
constexpr auto kDnsTtl = std::chrono::seconds(30);

core::Error Fail(Errc code, std::string message, std::string internal) {
    return core::MakeError(code, std::move(message), std::move(internal));
}
}  // namespace

/// One upstream connection, pooled between requests.
class Connection {
public:
    Connection(Worker& worker, AnyStream stream, std::string key)
        : stream(std::move(stream)), deadline(worker, [this] { OnDeadline(); }), key(std::move(key)) {}

    void OnDeadline() {
        error_code ignored;
        stream.Tcp().cancel(ignored);
    }

    bool LooksAlive() {
        char byte = 0;
        const ssize_t n = ::recv(stream.Tcp().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        // Nothing to read is the only healthy state for an idle keep-alive connection: EOF means
        // the server closed it, and stray bytes mean it is out of sync.
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }

    AnyStream stream;
    Deadline deadline;
    beast::flat_buffer buffer{kMaxResponseHeader};
    std::string key;
    Clock::time_point idle_since{};
    bool reused = false;
};

class ConnectionPool {
public:
    std::unique_ptr<Connection> Take(const std::string& key) {
        auto it = idle_.find(key);
        if (it == idle_.end()) {
            return nullptr;
        }
        auto& list = it->second;
        const auto now = Clock::now();
        while (!list.empty()) {
            std::unique_ptr<Connection> connection = std::move(list.back());
            list.pop_back();
            if (now - connection->idle_since < kMaxPooledIdle && connection->LooksAlive()) {
                connection->reused = true;
                return connection;
            }
        }
        return nullptr;
    }

    void Put(std::unique_ptr<Connection> connection, std::size_t max_idle) {
        auto& list = idle_[connection->key];
        if (list.size() >= max_idle) {
            return;  // the connection closes here
        }
        connection->deadline.Clear();
        connection->idle_since = Clock::now();
        list.push_back(std::move(connection));
    }

    std::size_t Size() const {
        std::size_t n = 0;
        for (const auto& [key, list] : idle_) {
            n += list.size();
        }
        return n;
    }

private:
    std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
};

struct UpstreamResponse::State {
    http::response_parser<http::buffer_body> parser;
    std::array<char, kReadChunk> read_buffer{};
    PhaseTimeouts timeouts;
    Clock::time_point total_deadline;
    std::size_t max_idle = 64;
};

// --- URL --------------------------------------------------------------------------------------

std::optional<UpstreamUrl> UpstreamUrl::Parse(std::string_view url) {
    UpstreamUrl out;
    if (url.rfind("https://", 0) == 0) {
        out.tls = true;
        url.remove_prefix(8);
    } else if (url.rfind("http://", 0) == 0) {
        url.remove_prefix(7);
    } else {
        return std::nullopt;
    }
    const std::size_t slash = url.find('/');
    std::string_view authority = url.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
    if (authority.empty() || authority.find('@') != std::string_view::npos) {
        return std::nullopt;  // userinfo is never allowed in an upstream URL
    }
    std::string_view host = authority;
    std::string_view port_text;
    if (authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') {
                return std::nullopt;
            }
            port_text = authority.substr(close + 2);
        }
    } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port_text = authority.substr(colon + 1);
    }
    if (host.empty()) {
        return std::nullopt;
    }
    out.host = std::string(host);
    out.port = out.tls ? 443 : 80;
    if (!port_text.empty()) {
        auto port = core::ParseInt(port_text);
        if (!port || *port <= 0 || *port > 65535) {
            return std::nullopt;
        }
        out.port = static_cast<std::uint16_t>(*port);
    }
    while (!path.empty() && path.back() == '/') {
        path.remove_suffix(1);
    }
    out.base_path = std::string(path);
    out.host_header = std::string(authority);
    return out;
}

// --- TLS --------------------------------------------------------------------------------------

std::shared_ptr<ssl::context> MakeClientTlsContext(const std::string& ca_file) {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    context->set_default_verify_paths();
    if (!ca_file.empty()) {
        context->load_verify_file(ca_file);
    }
    context->set_verify_mode(ssl::verify_peer);
    return context;
}

// --- UpstreamResponse -------------------------------------------------------------------------

UpstreamResponse::UpstreamResponse(std::unique_ptr<Connection> connection, std::unique_ptr<State> state,
                                   ConnectionPool* pool, CancelSignal* cancel)
    : connection_(std::move(connection)), state_(std::move(state)), pool_(pool), cancel_(cancel) {
    if (cancel_ != nullptr) {
        cancel_->on_cancel_ = [this] { Abort(); };
    }
}

UpstreamResponse::~UpstreamResponse() {
    if (cancel_ != nullptr) {
        cancel_->on_cancel_ = nullptr;
    }
    if (connection_ && !aborted_ && state_->parser.is_done() && state_->parser.keep_alive() &&
        connection_->buffer.size() == 0) {
        pool_->Put(std::move(connection_), state_->max_idle);
    }
}

int UpstreamResponse::Status() const { return static_cast<int>(state_->parser.get().result_int()); }

std::string_view UpstreamResponse::Header(std::string_view name) const {
    const auto& message = state_->parser.get();
    auto it = message.find(name);
    return it == message.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}

std::optional<std::int64_t> UpstreamResponse::RetryAfterSeconds() const {
    const std::string_view value = core::Trim(Header("retry-after"));
    auto seconds = core::ParseInt(value);
    if (!seconds || *seconds < 0 || *seconds > 86'400) {
        return std::nullopt;
    }
    return *seconds;
}

void UpstreamResponse::Abort() {
    aborted_ = true;
    if (connection_) {
        connection_->stream.Close();
    }
}

Task<core::Result<std::string_view>> UpstreamResponse::ReadSome() {
    auto& parser = state_->parser;
    while (true) {
        if (parser.is_done()) {
            co_return std::string_view{};
        }
        if (aborted_) {
            co_return Fail(Errc::kUpstreamReset, "The request was cancelled", "aborted by the client");
        }
        auto& body = parser.get().body();
        body.data = state_->read_buffer.data();
        body.size = state_->read_buffer.size();
        body.more = true;
        const auto now = Clock::now();
        const bool total_first = state_->total_deadline <= now + state_->timeouts.idle;
        connection_->deadline.ExpiresAt(total_first ? state_->total_deadline : now + state_->timeouts.idle);
        auto [ec, n] = co_await http::async_read_some(connection_->stream, connection_->buffer, parser, kUseTask);
        const bool timed_out = connection_->deadline.Expired();
        connection_->deadline.Clear();
        if (ec == http::error::need_buffer) {
            ec = {};
        }
        const std::size_t produced = state_->read_buffer.size() - body.size;
        if (ec) {
            if (aborted_) {
                co_return Fail(Errc::kUpstreamReset, "The request was cancelled", "aborted by the client");
            }
            if (timed_out) {
                co_return total_first ? Fail(Errc::kUpstreamTotalTimeout, "The provider took too long to respond",
                                             "total deadline passed while reading the body")
                                      : Fail(Errc::kUpstreamIdleTimeout, "The provider stopped sending data",
                                             "idle timeout between body reads");
            }
            if (ec == http::error::partial_message || ec == asio::error::eof || ec == asio::error::connection_reset ||
                ec == http::error::end_of_stream) {
                co_return Fail(Errc::kUpstreamReset, "The provider closed the connection before the response was complete",
                               "upstream body: " + ec.message());
            }
            co_return Fail(Errc::kUpstreamMalformed, "The provider sent a malformed response",
                           "upstream body: " + ec.message());
        }
        if (produced > 0) {
            co_return std::string_view(state_->read_buffer.data(), produced);
        }
    }
}

Task<core::Result<std::string>> UpstreamResponse::ReadAll(std::size_t limit) {
    std::string out;
    while (true) {
        auto piece = co_await ReadSome();
        if (!piece) {
            co_return piece.error();
        }
        if (piece->empty()) {
            co_return out;
        }
        if (out.size() + piece->size() > limit) {
            Abort();
            co_return Fail(Errc::kUpstreamMalformed, "The provider's response is too large",
                           "upstream body over " + std::to_string(limit) + " bytes");
        }
        out.append(*piece);
    }
}

// --- UpstreamClient ---------------------------------------------------------------------------

UpstreamClient::UpstreamClient(Worker& worker) : worker_(worker), pool_(std::make_unique<ConnectionPool>()) {}
UpstreamClient::~UpstreamClient() = default;

std::size_t UpstreamClient::IdleConnections() const { return pool_->Size(); }

Task<core::Result<std::unique_ptr<Connection>>> UpstreamClient::Connect(const ClientRequest& request,
                                                                        const std::string& key,
                                                                        Clock::time_point deadline) {
    const UpstreamUrl& url = *request.url;
    CancelSignal* cancel = request.cancel;
    // Whatever is in flight is closed on cancel; the hook is cleared before those objects die.
    struct HookGuard {
        CancelSignal* cancel;
        ~HookGuard() {
            if (cancel != nullptr) {
                cancel->on_cancel_ = nullptr;
            }
        }
    } guard{cancel};

    std::vector<Tcp::endpoint> endpoints;
    error_code ec;
    auto literal = asio::ip::make_address(url.host, ec);
    if (!ec) {
        endpoints.emplace_back(literal, url.port);
    } else {
        auto cached = dns_cache_.find(url.host + ":" + std::to_string(url.port));
        if (cached != dns_cache_.end() && cached->second.expires > Clock::now()) {
            endpoints = cached->second.endpoints;
        } else {
            Resolver resolver(worker_.executor());
            if (cancel != nullptr) {
                cancel->on_cancel_ = [&resolver] { resolver.cancel(); };
            }
            Deadline resolve_deadline(worker_, [&resolver] { resolver.cancel(); });
            resolve_deadline.ExpiresAt(deadline);
            auto [rec, results] = co_await resolver.async_resolve(url.host, std::to_string(url.port), kUseTask);
            const bool timed_out = resolve_deadline.Expired();
            resolve_deadline.Clear();
            if (cancel != nullptr) {
                cancel->on_cancel_ = nullptr;
            }
            if (rec || results.empty()) {
                if (timed_out) {
                    co_return Fail(Errc::kUpstreamConnectTimeout, "Timed out resolving the provider's host name",
                                   "DNS timeout for " + url.host);
                }
                co_return Fail(Errc::kUpstreamDns, "Could not resolve the provider's host name",
                               "DNS lookup of " + url.host + " failed: " + rec.message());
            }
            for (const auto& entry : results) {
                endpoints.push_back(entry.endpoint());
            }
            dns_cache_[url.host + ":" + std::to_string(url.port)] = DnsEntry{endpoints, Clock::now() + kDnsTtl};
        }
    }

    if (cancel != nullptr && cancel->cancelled()) {
        co_return Fail(Errc::kUpstreamReset, "The request was cancelled", "cancelled before connect");
    }
    TcpSocket socket(worker_.executor());
    if (cancel != nullptr) {
        cancel->on_cancel_ = [&socket] {
            error_code ignored;
            socket.close(ignored);
        };
    }
    {
        Deadline connect_deadline(worker_, [&socket] {
            error_code ignored;
            socket.close(ignored);
        });
        connect_deadline.ExpiresAt(deadline);
        auto [cec, endpoint] = co_await asio::async_connect(socket, endpoints, kUseTask);
        const bool timed_out = connect_deadline.Expired();
        connect_deadline.Clear();
        if (cec) {
            if (timed_out) {
                co_return Fail(Errc::kUpstreamConnectTimeout, "Timed out connecting to the provider",
                               "connect timeout to " + url.host_header);
            }
            co_return Fail(Errc::kUpstreamConnect, "Could not connect to the provider",
                           "connect to " + url.host_header + " failed: " + cec.message());
        }
    }
    if (cancel != nullptr) {
        cancel->on_cancel_ = nullptr;
    }
    socket.set_option(Tcp::no_delay(true), ec);

    if (!url.tls) {
        co_return std::make_unique<Connection>(worker_, AnyStream(std::move(socket)), key);
    }
    if (request.tls == nullptr) {
        co_return Fail(Errc::kInternal, "Internal error", "TLS upstream without a TLS context");
    }
    auto connection = std::make_unique<Connection>(worker_, AnyStream(std::move(socket), *request.tls), key);
    TlsStream& tls = *connection->stream.Tls();
    if (cancel != nullptr) {
        Connection* raw = connection.get();
        cancel->on_cancel_ = [raw] { raw->stream.Close(); };
    }
    asio::ip::make_address(url.host, ec);
    if (ec) {
        // Server Name Indication only for names; RFC 6066 forbids IP literals.
        SSL_set_tlsext_host_name(tls.native_handle(), url.host.c_str());
    }
    tls.set_verify_callback(ssl::host_name_verification(url.host));
    connection->deadline.ExpiresAt(deadline);
    auto [hec] = co_await tls.async_handshake(ssl::stream_base::client, kUseTask);
    const bool timed_out = connection->deadline.Expired();
    connection->deadline.Clear();
    if (hec) {
        if (timed_out) {
            co_return Fail(Errc::kUpstreamConnectTimeout, "Timed out in the TLS handshake with the provider",
                           "TLS handshake timeout with " + url.host_header);
        }
        co_return Fail(Errc::kUpstreamTls, "The TLS handshake with the provider failed",
                       "TLS handshake with " + url.host_header + ": " + hec.message());
    }
    co_return connection;
}

Task<core::Result<std::unique_ptr<UpstreamResponse>>> UpstreamClient::Exchange(std::unique_ptr<Connection> connection,
                                                                               const ClientRequest& request,
                                                                               bool* retryable) {
    const UpstreamUrl& url = *request.url;
    CancelSignal* cancel = request.cancel;
    if (cancel != nullptr && cancel->cancelled()) {
        co_return Fail(Errc::kUpstreamReset, "The request was cancelled", "cancelled before sending");
    }
    struct HookGuard {
        CancelSignal* cancel;
        ~HookGuard() {
            if (cancel != nullptr) {
                cancel->on_cancel_ = nullptr;
            }
        }
    } guard{cancel};
    if (cancel != nullptr) {
        Connection* raw = connection.get();
        cancel->on_cancel_ = [raw] { raw->stream.Close(); };
    }
    const auto now = Clock::now();
    const Clock::time_point total_deadline = std::min(request.overall_deadline, now + request.timeouts.total);

    std::string head;
    head.reserve(256);
    head.append(request.method);
    head.push_back(' ');
    head.append(url.base_path);
    head.append(request.path.empty() ? "/" : request.path);
    head.append(" HTTP/1.1\r\nHost: ");
    head.append(url.host_header);
    head.append("\r\nUser-Agent: switchyard\r\nContent-Length: ");
    head.append(std::to_string(request.body.size()));
    head.append("\r\n");
    for (const auto& [name, value] : request.headers) {
        if (name.find_first_of("\r\n:") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) {
            continue;
        }
        head.append(name);
        head.append(": ");
        head.append(value);
        head.append("\r\n");
    }
    head.append("\r\n");

    const bool total_first = total_deadline <= now + request.timeouts.first_byte;
    connection->deadline.ExpiresAt(total_first ? total_deadline : now + request.timeouts.first_byte);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(request.body)};
    auto [wec, written] = co_await asio::async_write(connection->stream, buffers, kUseTask);
    if (wec) {
        const bool timed_out = connection->deadline.Expired();
        connection->deadline.Clear();
        if (retryable != nullptr && connection->reused && !timed_out) {
            *retryable = true;
        }
        co_return Fail(timed_out ? Errc::kUpstreamFirstByteTimeout : Errc::kUpstreamReset,
                       "Sending the request to the provider failed", "upstream write: " + wec.message());
    }

    auto state = std::make_unique<UpstreamResponse::State>();
    state->timeouts = request.timeouts;
    state->total_deadline = total_deadline;
    state->max_idle = request.max_idle_connections;
    state->parser.header_limit(kMaxResponseHeader);
    state->parser.body_limit(boost::none);
    auto [hec, hn] = co_await http::async_read_header(connection->stream, connection->buffer, state->parser, kUseTask);
    const bool timed_out = connection->deadline.Expired();
    connection->deadline.Clear();
    if (hec) {
        if (timed_out) {
            co_return total_first ? Fail(Errc::kUpstreamTotalTimeout, "The provider took too long to respond",
                                         "total deadline passed waiting for the response head")
                                  : Fail(Errc::kUpstreamFirstByteTimeout, "The provider did not start responding in time",
                                         "first-byte timeout");
        }
        const bool nothing_received = hn == 0 && connection->buffer.size() == 0;
        if (retryable != nullptr && connection->reused && nothing_received) {
            *retryable = true;
        }
        if (hec == asio::error::eof || hec == asio::error::connection_reset || hec == http::error::end_of_stream ||
            hec == http::error::partial_message) {
            co_return Fail(Errc::kUpstreamReset, "The provider closed the connection without a response",
                           "upstream head: " + hec.message());
        }
        co_return Fail(Errc::kUpstreamMalformed, "The provider sent a malformed response",
                       "upstream head: " + hec.message());
    }
    guard.cancel = nullptr;  // the response takes the hook over
    auto response = std::unique_ptr<UpstreamResponse>(
        new UpstreamResponse(std::move(connection), std::move(state), pool_.get(), cancel));
    response->head_at_ = Clock::now();
    co_return response;
}

Task<core::Result<std::unique_ptr<UpstreamResponse>>> UpstreamClient::Send(const ClientRequest& request) {
    const UpstreamUrl& url = *request.url;
    const std::string key = (url.tls ? "https://" : "http://") + url.host + ":" + std::to_string(url.port) + "#" +
                            std::to_string(reinterpret_cast<std::uintptr_t>(request.tls));
    if (auto pooled = pool_->Take(key)) {
        bool retryable = false;
        auto result = co_await Exchange(std::move(pooled), request, &retryable);
        if (result || !retryable) {
            co_return result;
        }
        // The pooled connection was dead before any response byte: try once on a fresh one.
    }
    const auto connect_deadline = std::min(request.overall_deadline, Clock::now() + request.timeouts.connect);
    auto connection = co_await Connect(request, key, connect_deadline);
    if (!connection) {
        co_return connection.error();
    }
    co_return co_await Exchange(std::move(*connection), request, nullptr);
}

}  // namespace switchyard::net
