#include "net/server.hpp"

#include <sys/socket.h>

#include <charconv>
#include <memory_resource>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/intrusive/list.hpp>

#include "core/error.hpp"
#include "core/json_writer.hpp"
#include "core/strings.hpp"
#include "http/framing.hpp"
#include "net/stream.hpp"
#include "net/worker.hpp"

namespace switchyard::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace framing = switchyard::http;

namespace {

using Allocator = std::pmr::polymorphic_allocator<char>;
using RequestParser = http::request_parser<http::string_body, Allocator>;

constexpr std::size_t kJsonPadding = 64;  // simdjson reads up to this many bytes past the end
constexpr std::size_t kArenaBytes = 8 * 1024;
/// Beyond the head, how much unparsed input a connection may buffer (body bytes move on).
constexpr std::size_t kMaxBufferedBody = 64 * 1024;
constexpr int kMaxBlankLines = 4;

void AppendInt(std::string& out, std::uint64_t value) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, static_cast<std::size_t>(end - buf));
}

using SessionHook = boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::auto_unlink>>;

/// What shutdown needs of a session; the registry lists these so it can be declared before Session.
class SessionNode : public SessionHook {
public:
    virtual ~SessionNode() = default;
    virtual void CloseIfIdle() = 0;
    virtual void CloseNow() = 0;
};

using SessionList = boost::intrusive::list<SessionNode, boost::intrusive::constant_time_size<false>>;

}  // namespace

struct Server::Shared {
    ServerOptions options;
    Handler handler;
    std::shared_ptr<ServerStats> stats;
    std::atomic<bool> shutting_down{false};
    // One list of live sessions per worker, touched only on that worker's thread.
    std::vector<SessionList> sessions;
};

/// One client connection. Owned by its coroutine (RunSession); all on one worker's thread.
class Session final : public SessionNode {
public:
    Session(Worker& worker, std::shared_ptr<Server::Shared> shared, AnyStream stream, std::string peer)
        : worker_(worker),
          shared_(std::move(shared)),
          stream_(std::move(stream)),
          peer_(std::move(peer)),
          arena_(arena_storage_, sizeof arena_storage_),
          deadline_(worker, [this] { OnDeadline(); }),
          // Bounded: Beast 1.81 does not bound chunk-extension and trailer lines itself.
          buffer_(shared_->options.max_header_bytes + kMaxBufferedBody),
          write_lock_timer_(worker.executor()),
          keepalive_timer_(worker.executor()),
          keepalive_done_timer_(worker.executor()),
          watch_state_(std::make_shared<WatchState>()) {
        shared_->sessions[static_cast<std::size_t>(worker.index())].push_back(*this);
        shared_->stats->connections.fetch_add(1, std::memory_order_relaxed);
    }

    ~Session() {
        watch_state_->session = nullptr;
        shared_->stats->connections.fetch_sub(1, std::memory_order_relaxed);
    }

    Task<void> Run();

    /// Called by shutdown on this worker's thread.
    void CloseIfIdle() override {
        if (idle_) {
            stream_.Close();
        }
    }
    void CloseNow() override {
        // The handler may be waiting on something other than this socket (an upstream read):
        // tell it the client is gone so it cancels that and finishes.
        stream_.Close();
        OnClientGone();
    }

    // Exchange support ------------------------------------------------------------------------
    RequestParser& parser() { return *parser_; }
    const std::string& peer() const { return peer_; }
    bool is_tls() const { return stream_.IsTls(); }
    core::SteadyTime received_at() const { return received_at_; }

    Task<bool> Respond(int status, std::string_view content_type, std::string_view body,
                       std::span<const HeaderField> headers);
    Task<bool> BeginStream(int status, std::string_view content_type, std::span<const HeaderField> headers);
    Task<bool> WriteChunk(std::string_view data, bool from_keepalive = false);
    Task<bool> EndStream();
    Task<bool> WriteRaw(std::string_view bytes);
    void Reset();
    void WatchClient(std::function<void()> on_gone);
    void StartKeepalive(std::chrono::milliseconds interval, std::string comment,
                        std::vector<std::pair<std::string, std::string>> headers);
    Task<void> StopKeepalive();

    bool head_sent_ = false;
    bool finished_ = false;
    bool close_after_ = false;
    bool client_gone_ = false;
    int status_ = 0;
    std::uint64_t bytes_written_ = 0;

private:
    struct WatchState {
        Session* session = nullptr;
    };

    void OnDeadline() {
        // Cancel rather than close: the session may still answer (408), then closes itself.
        error_code ignored;
        stream_.Tcp().cancel(ignored);
    }

    void OnClientGone() {
        if (client_gone_) {
            return;
        }
        client_gone_ = true;
        if (watch_callback_) {
            auto callback = std::move(watch_callback_);
            watch_callback_ = nullptr;
            callback();
        }
    }

    void ArmWatch();

public:
    void StopWatch() {
        watch_state_->session = nullptr;
        watch_state_ = std::make_shared<WatchState>();
        watch_callback_ = nullptr;
    }

private:
    Task<void> LockWrite();
    void UnlockWrite() {
        write_locked_ = false;
        write_lock_timer_.cancel();
    }
    Task<bool> WriteBuffers(std::span<const asio::const_buffer> buffers);
    void BuildHead(int status, std::string_view content_type, std::int64_t content_length,
                   std::span<const HeaderField> headers);
    Task<bool> WriteSimpleError(int status, std::string_view message);
    Task<void> KeepaliveLoop(std::chrono::milliseconds interval, std::string comment,
                             std::vector<std::pair<std::string, std::string>> headers);
    void ResetExchange();

    Worker& worker_;
    std::shared_ptr<Server::Shared> shared_;
    AnyStream stream_;
    std::string peer_;
    alignas(std::max_align_t) char arena_storage_[kArenaBytes];
    std::pmr::monotonic_buffer_resource arena_;
    Deadline deadline_;
    beast::flat_buffer buffer_;
    std::optional<RequestParser> parser_;
    std::string spare_body_;  // the previous request's body storage, reused
    std::string head_;        // response head, rebuilt per response
    core::SteadyTime received_at_{};
    bool idle_ = false;
    bool http10_ = false;
    bool head_request_ = false;
    bool chunked_ = false;

    bool write_locked_ = false;
    Timer write_lock_timer_;

    bool keepalive_running_ = false;
    bool keepalive_stop_ = false;
    Timer keepalive_timer_;
    Timer keepalive_done_timer_;

    std::shared_ptr<WatchState> watch_state_;
    std::function<void()> watch_callback_;
};

namespace {

Task<void> RunSession(std::unique_ptr<Session> session) { co_await session->Run(); }

void LogEscaped(std::exception_ptr e) {
    if (!e) {
        return;
    }
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        std::fprintf(stderr, "switchyard: session ended by exception: %s\n", ex.what());
    } catch (...) {
        std::fprintf(stderr, "switchyard: session ended by an unknown exception\n");
    }
}

}  // namespace

// --- Exchange ---------------------------------------------------------------------------------

std::string_view Exchange::Method() const {
    const auto method = session_.parser().get().method_string();
    return {method.data(), method.size()};
}
std::string_view Exchange::Target() const {
    const auto target = session_.parser().get().target();
    return {target.data(), target.size()};
}
std::string_view Exchange::Path() const {
    std::string_view target = Target();
    return target.substr(0, target.find('?'));
}
std::string_view Exchange::Query() const {
    std::string_view target = Target();
    const std::size_t q = target.find('?');
    return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}
std::string_view Exchange::Header(std::string_view name) const {
    const auto& fields = session_.parser().get();
    auto it = fields.find(name);
    return it == fields.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}
const std::string& Exchange::Body() const { return session_.parser().get().body(); }
const std::string& Exchange::PeerAddress() const { return session_.peer(); }
bool Exchange::IsTls() const { return session_.is_tls(); }
core::SteadyTime Exchange::received_at() const { return session_.received_at(); }
Task<bool> Exchange::Respond(int status, std::string_view content_type, std::string_view body,
                             std::span<const HeaderField> headers) {
    return session_.Respond(status, content_type, body, headers);
}
Task<bool> Exchange::BeginStream(int status, std::string_view content_type, std::span<const HeaderField> headers) {
    return session_.BeginStream(status, content_type, headers);
}
Task<bool> Exchange::Write(std::string_view data) { return session_.WriteChunk(data); }
Task<bool> Exchange::EndStream() { return session_.EndStream(); }
bool Exchange::HeadSent() const { return session_.head_sent_; }
bool Exchange::Finished() const { return session_.finished_; }
int Exchange::Status() const { return session_.status_; }
std::uint64_t Exchange::BytesWritten() const { return session_.bytes_written_; }
void Exchange::WatchClient(std::function<void()> on_gone) { session_.WatchClient(std::move(on_gone)); }
bool Exchange::ClientGone() const { return session_.client_gone_; }
void Exchange::UnwatchClient() { session_.StopWatch(); }
void Exchange::StartKeepalive(std::chrono::milliseconds interval, std::string comment,
                              std::vector<std::pair<std::string, std::string>> headers) {
    session_.StartKeepalive(interval, std::move(comment), std::move(headers));
}
Task<void> Exchange::StopKeepalive() { return session_.StopKeepalive(); }
void Exchange::CloseAfterResponse() { session_.close_after_ = true; }
Task<bool> Exchange::WriteRaw(std::string_view bytes) { return session_.WriteRaw(bytes); }
void Exchange::ResetConnection() { session_.Reset(); }

// --- Session ----------------------------------------------------------------------------------

Task<void> Session::LockWrite() {
    while (write_locked_) {
        write_lock_timer_.expires_at(Timer::time_point::max());
        co_await write_lock_timer_.async_wait(kUseTask);
    }
    write_locked_ = true;
}

Task<bool> Session::WriteBuffers(std::span<const asio::const_buffer> buffers) {
    if (client_gone_) {
        co_return false;
    }
    deadline_.ExpiresAfter(shared_->options.write_timeout);
    auto [ec, n] = co_await asio::async_write(stream_, buffers, kUseTask);
    deadline_.Clear();
    bytes_written_ += n;
    if (ec) {
        OnClientGone();
        co_return false;
    }
    co_return true;
}

void Session::BuildHead(int status, std::string_view content_type, std::int64_t content_length,
                        std::span<const HeaderField> headers) {
    head_.clear();
    head_.append("HTTP/1.1 ");
    AppendInt(head_, static_cast<std::uint64_t>(status));
    head_.push_back(' ');
    head_.append(core::StatusReason(status));
    head_.append("\r\nDate: ");
    head_.append(worker_.HttpDate());
    head_.append("\r\n");
    if (!content_type.empty()) {
        head_.append("Content-Type: ");
        head_.append(content_type);
        head_.append("\r\n");
    }
    if (content_length >= 0) {
        head_.append("Content-Length: ");
        AppendInt(head_, static_cast<std::uint64_t>(content_length));
        head_.append("\r\n");
    } else if (!http10_) {
        head_.append("Transfer-Encoding: chunked\r\n");
    }
    if (shared_->shutting_down.load(std::memory_order_relaxed)) {
        close_after_ = true;
    }
    if (close_after_) {
        head_.append("Connection: close\r\n");
    } else if (http10_) {
        head_.append("Connection: keep-alive\r\n");
    }
    for (const HeaderField& field : headers) {
        // Header values come from our own code, but never let CR/LF through (response splitting).
        if (field.name.find_first_of("\r\n:") != std::string_view::npos ||
            field.value.find_first_of("\r\n") != std::string_view::npos) {
            continue;
        }
        head_.append(field.name);
        head_.append(": ");
        head_.append(field.value);
        head_.append("\r\n");
    }
    head_.append("\r\n");
}

Task<bool> Session::Respond(int status, std::string_view content_type, std::string_view body,
                            std::span<const HeaderField> headers) {
    co_await StopKeepalive();
    co_await LockWrite();
    if (head_sent_) {
        UnlockWrite();
        co_return false;
    }
    BuildHead(status, content_type, static_cast<std::int64_t>(body.size()), headers);
    head_sent_ = true;
    status_ = status;
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body.data(), head_request_ ? 0 : body.size())};
    const bool ok = co_await WriteBuffers(buffers);
    finished_ = true;
    UnlockWrite();
    co_return ok;
}

Task<bool> Session::BeginStream(int status, std::string_view content_type, std::span<const HeaderField> headers) {
    co_await LockWrite();
    if (head_sent_) {
        UnlockWrite();
        co_return !client_gone_;
    }
    if (http10_) {
        close_after_ = true;  // HTTP/1.0 has no chunked encoding: the body ends with the connection
    }
    BuildHead(status, content_type, -1, headers);
    head_sent_ = true;
    chunked_ = !http10_;
    status_ = status;
    std::array<asio::const_buffer, 1> buffers{asio::buffer(head_)};
    const bool ok = co_await WriteBuffers(buffers);
    UnlockWrite();
    co_return ok;
}

Task<bool> Session::WriteChunk(std::string_view data, bool from_keepalive) {
    if (!from_keepalive) {
        co_await StopKeepalive();
    }
    if (data.empty()) {
        co_return !client_gone_;
    }
    co_await LockWrite();
    if (!head_sent_ || finished_) {
        UnlockWrite();
        co_return false;
    }
    bool ok = false;
    if (chunked_) {
        char size_line[24];
        auto [end, ec] = std::to_chars(size_line, size_line + 20, data.size(), 16);
        *end++ = '\r';
        *end++ = '\n';
        std::array<asio::const_buffer, 3> buffers{
            asio::buffer(size_line, static_cast<std::size_t>(end - size_line)), asio::buffer(data),
            asio::buffer("\r\n", 2)};
        ok = co_await WriteBuffers(buffers);
    } else {
        std::array<asio::const_buffer, 1> buffers{asio::buffer(data)};
        ok = co_await WriteBuffers(buffers);
    }
    UnlockWrite();
    co_return ok;
}

Task<bool> Session::EndStream() {
    co_await StopKeepalive();
    co_await LockWrite();
    if (!head_sent_ || finished_) {
        UnlockWrite();
        co_return false;
    }
    finished_ = true;
    bool ok = true;
    if (chunked_) {
        std::array<asio::const_buffer, 1> buffers{asio::buffer("0\r\n\r\n", 5)};
        ok = co_await WriteBuffers(buffers);
    }
    UnlockWrite();
    co_return ok;
}

Task<bool> Session::WriteRaw(std::string_view bytes) {
    co_await StopKeepalive();
    co_await LockWrite();
    head_sent_ = true;
    finished_ = true;
    close_after_ = true;
    std::array<asio::const_buffer, 1> buffers{asio::buffer(bytes)};
    const bool ok = co_await WriteBuffers(buffers);
    UnlockWrite();
    co_return ok;
}

void Session::Reset() {
    error_code ignored;
    stream_.Tcp().set_option(asio::socket_base::linger(true, 0), ignored);
    stream_.Tcp().close(ignored);
    head_sent_ = true;
    finished_ = true;
    close_after_ = true;
    client_gone_ = true;
}

void Session::WatchClient(std::function<void()> on_gone) {
    watch_callback_ = std::move(on_gone);
    if (client_gone_) {
        OnClientGone();
        return;
    }
    if (watch_state_->session == nullptr) {
        watch_state_->session = this;
        ArmWatch();
    }
}

void Session::ArmWatch() {
    std::shared_ptr<WatchState> state = watch_state_;
    stream_.Tcp().async_wait(Tcp::socket::wait_read, [state](const error_code& ec) {
        Session* session = state->session;
        if (session == nullptr) {
            return;  // the exchange this watch belonged to is over
        }
        if (ec) {
            if (ec != asio::error::operation_aborted) {
                session->OnClientGone();
            }
            return;
        }
        char byte = 0;
        const ssize_t n = ::recv(session->stream_.Tcp().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            session->OnClientGone();
        } else if (n < 0) {
            session->ArmWatch();  // spurious wake-up
        }
        // n > 0: the client sent more (a pipelined request, or TLS data): it is still there.
    });
}

void Session::StartKeepalive(std::chrono::milliseconds interval, std::string comment,
                             std::vector<std::pair<std::string, std::string>> headers) {
    if (keepalive_running_ || head_sent_ || interval.count() <= 0) {
        return;
    }
    keepalive_running_ = true;
    keepalive_stop_ = false;
    asio::co_spawn(worker_.executor(), KeepaliveLoop(interval, std::move(comment), std::move(headers)),
                   [](std::exception_ptr e) { LogEscaped(e); });
}

Task<void> Session::KeepaliveLoop(std::chrono::milliseconds interval, std::string comment,
                                  std::vector<std::pair<std::string, std::string>> headers) {
    std::vector<HeaderField> fields;
    for (const auto& [name, value] : headers) {
        fields.push_back({name, value});
    }
    std::string line = ": " + comment + "\n\n";
    while (!keepalive_stop_ && !client_gone_) {
        keepalive_timer_.expires_after(interval);
        co_await keepalive_timer_.async_wait(kUseTask);
        if (keepalive_stop_ || client_gone_) {
            break;
        }
        if (!head_sent_ && !co_await BeginStream(200, "text/event-stream", fields)) {
            break;
        }
        if (!co_await WriteChunk(line, true)) {
            break;
        }
    }
    keepalive_running_ = false;
    keepalive_done_timer_.cancel();
}

Task<void> Session::StopKeepalive() {
    if (!keepalive_running_) {
        co_return;
    }
    keepalive_stop_ = true;
    keepalive_timer_.cancel();
    while (keepalive_running_) {
        keepalive_done_timer_.expires_at(Timer::time_point::max());
        co_await keepalive_done_timer_.async_wait(kUseTask);
    }
}

Task<bool> Session::WriteSimpleError(int status, std::string_view message) {
    std::string body = "{\"error\":{\"code\":" + std::to_string(status) + ",\"message\":";
    core::AppendJsonString(body, message);
    body += ",\"metadata\":{\"error_type\":\"invalid_request\"}}}";
    close_after_ = true;
    std::array<HeaderField, 0> none{};
    co_return co_await Respond(status, "application/json", body, none);
}

void Session::ResetExchange() {
    head_sent_ = false;
    finished_ = false;
    client_gone_ = false;
    chunked_ = false;
    status_ = 0;
    bytes_written_ = 0;
}

Task<void> Session::Run() {
    const ServerOptions& options = shared_->options;
    ServerStats& stats = *shared_->stats;

    if (TlsStream* tls = stream_.Tls()) {
        deadline_.ExpiresAfter(options.header_read_timeout);
        auto [ec] = co_await tls->async_handshake(ssl::stream_base::server, kUseTask);
        deadline_.Clear();
        if (ec) {
            co_return;
        }
    }

    bool first = true;
    while (true) {
        if (shared_->shutting_down.load(std::memory_order_relaxed) && buffer_.size() == 0) {
            break;
        }
        // Wait for the first byte of the next request under the idle (keep-alive) timeout; the
        // header deadline starts with that byte, so an idle connection is not a slow one.
        // RFC 9112 §2.2: up to four empty lines before a request line are ignored (some clients
        // send a CRLF after a body); a lone CR may be half of one, so it waits for more too.
        int blank_lines = 0;
        bool closed = false;
        while (true) {
            while (blank_lines < kMaxBlankLines && buffer_.size() >= 2 &&
                   static_cast<const char*>(buffer_.data().data())[0] == '\r' &&
                   static_cast<const char*>(buffer_.data().data())[1] == '\n') {
                buffer_.consume(2);
                ++blank_lines;
            }
            const bool lone_cr = buffer_.size() == 1 && blank_lines < kMaxBlankLines &&
                                 static_cast<const char*>(buffer_.data().data())[0] == '\r';
            if (buffer_.size() != 0 && !lone_cr) {
                break;
            }
            idle_ = buffer_.size() == 0;
            deadline_.ExpiresAfter(first ? options.header_read_timeout : options.idle_timeout);
            auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(4096), kUseTask);
            deadline_.Clear();
            idle_ = false;
            if (ec) {
                closed = true;
                break;
            }
            buffer_.commit(n);
        }
        if (closed) {
            break;
        }
        first = false;
        received_at_ = std::chrono::steady_clock::now();

        ResetExchange();
        close_after_ = false;
        parser_.reset();
        arena_.release();
        spare_body_.clear();
        parser_.emplace(std::piecewise_construct, std::make_tuple(std::move(spare_body_)),
                        std::make_tuple(Allocator(&arena_)));
        parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options.max_header_bytes, UINT32_MAX)));
        parser_->body_limit(options.max_body_bytes);
        parser_->eager(false);

        deadline_.ExpiresAfter(options.header_read_timeout);
        auto [hec, hn] = co_await http::async_read_header(stream_, buffer_, *parser_, kUseTask);
        const bool header_timed_out = deadline_.Expired();
        deadline_.Clear();
        if (hec) {
            if (header_timed_out) {
                stats.header_timeouts.fetch_add(1, std::memory_order_relaxed);
                break;  // slow or stalled client: close without spending more on it
            }
            if (hec == http::error::header_limit) {
                stats.bad_requests.fetch_add(1, std::memory_order_relaxed);
                co_await WriteSimpleError(431, "Request header fields too large");
                break;
            }
            if (hec == http::error::body_limit) {
                // Beast rejects a declared Content-Length over the limit while reading the head.
                co_await WriteSimpleError(413, "Request body too large");
                break;
            }
            if (hec == http::error::end_of_stream || hec == asio::error::eof ||
                hec == asio::error::connection_reset || hec == asio::error::operation_aborted) {
                break;
            }
            stats.bad_requests.fetch_add(1, std::memory_order_relaxed);
            co_await WriteSimpleError(400, "Malformed HTTP request: " + hec.message());
            break;
        }

        auto& request = parser_->get();
        http10_ = request.version() < 11;
        head_request_ = request.method() == http::verb::head;
        if (!request.keep_alive()) {
            close_after_ = true;
        }
        // Request smuggling guard (RFC 9112 §6.1), shared with the fuzz harness.
        framing::RequestFraming framing;
        framing.content_length_fields = request.count(http::field::content_length);
        framing.transfer_encoding_fields = request.count(http::field::transfer_encoding);
        const auto te_value = request[http::field::transfer_encoding];
        framing.transfer_encoding = std::string_view(te_value.data(), te_value.size());
        if (auto length = parser_->content_length()) {
            framing.content_length = *length;
        }
        if (auto checked = framing::CheckRequestFraming(framing, options.max_body_bytes); !checked) {
            const bool too_large = checked.error().code == core::Errc::kBodyTooLarge;
            if (!too_large) {
                stats.bad_requests.fetch_add(1, std::memory_order_relaxed);
            }
            co_await WriteSimpleError(too_large ? 413 : 400, checked.error().message);
            break;
        }
        if (auto length = parser_->content_length(); length) {
            parser_->get().body().reserve(static_cast<std::size_t>(*length) + kJsonPadding);
        }
        if (!parser_->is_done()) {
            if (core::IEquals(request[http::field::expect], "100-continue")) {
                static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
                std::array<asio::const_buffer, 1> buffers{asio::buffer(kContinue.data(), kContinue.size())};
                if (!co_await WriteBuffers(buffers)) {
                    break;
                }
                bytes_written_ = 0;
            }
            deadline_.ExpiresAfter(options.body_read_timeout);
            auto [bec, bn] = co_await http::async_read(stream_, buffer_, *parser_, kUseTask);
            const bool body_timed_out = deadline_.Expired();
            deadline_.Clear();
            if (bec) {
                if (body_timed_out) {
                    co_await WriteSimpleError(408, "Timed out reading the request body");
                } else if (bec == http::error::body_limit) {
                    co_await WriteSimpleError(413, "Request body too large");
                } else if (bec != http::error::partial_message && bec != asio::error::eof &&
                           bec != asio::error::connection_reset) {
                    stats.bad_requests.fetch_add(1, std::memory_order_relaxed);
                    co_await WriteSimpleError(400, "Malformed HTTP request body: " + bec.message());
                }
                break;
            }
        }
        std::string& body = parser_->get().body();
        if (body.capacity() < body.size() + kJsonPadding) {
            body.reserve(body.size() + kJsonPadding);
        }

        stats.active_requests.fetch_add(1, std::memory_order_relaxed);
        {
            Exchange exchange(*this);
            try {
                co_await shared_->handler(exchange);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "switchyard: handler threw: %s\n", e.what());
            }
        }
        co_await StopKeepalive();
        StopWatch();
        stats.active_requests.fetch_sub(1, std::memory_order_relaxed);

        if (!head_sent_) {
            co_await WriteSimpleError(500, "The handler produced no response");
            break;
        }
        if (!finished_) {
            // A stream the handler did not end cannot be resumed: the client sees it cut.
            break;
        }
        if (client_gone_ || close_after_ || shared_->shutting_down.load(std::memory_order_relaxed)) {
            break;
        }
        spare_body_ = std::move(parser_->get().body());
    }

    deadline_.Clear();
    StopWatch();
    // Half-close and linger briefly so the client reads our last response before the FIN.
    error_code ignored;
    stream_.Tcp().shutdown(Tcp::socket::shutdown_send, ignored);
    stream_.Tcp().close(ignored);
}

// --- Server -----------------------------------------------------------------------------------

struct Server::Listener {
    Worker* worker;
    std::unique_ptr<Acceptor> acceptor;
    ssl::context* tls = nullptr;
};

namespace {

Task<void> AcceptLoop(Worker* worker, Acceptor* acceptor, ssl::context* tls, std::shared_ptr<Server::Shared> shared) {
    ServerStats& stats = *shared->stats;
    Timer backoff(worker->executor());
    while (!shared->shutting_down.load(std::memory_order_relaxed)) {
        auto [ec, socket] = co_await acceptor->async_accept(kUseTask);
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor->is_open()) {
                break;
            }
            // Out of descriptors or similar: back off briefly instead of spinning.
            backoff.expires_after(std::chrono::milliseconds(10));
            co_await backoff.async_wait(kUseTask);
            continue;
        }
        stats.accepted.fetch_add(1, std::memory_order_relaxed);
        if (static_cast<std::size_t>(stats.connections.load(std::memory_order_relaxed)) >=
            shared->options.max_connections) {
            // Shed at once rather than queue: a short 503 written without waiting, then close.
            stats.rejected_connections.fetch_add(1, std::memory_order_relaxed);
            static const std::string kBusy = [] {
                const std::string body =
                    "{\"error\":{\"code\":503,\"message\":\"Too many connections\","
                    "\"metadata\":{\"error_type\":\"provider_overloaded\"}}}";
                return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\nConnection: close\r\nRetry-After: 1\r\n\r\n" + body;
            }();
            error_code ignored;
            socket.non_blocking(true, ignored);
            (void)socket.write_some(asio::buffer(kBusy.data(), kBusy.size()), ignored);
            socket.shutdown(Tcp::socket::shutdown_both, ignored);
            socket.close(ignored);
            continue;
        }
        error_code ignored;
        socket.set_option(Tcp::no_delay(true), ignored);
        std::string peer;
        auto remote = socket.remote_endpoint(ignored);
        if (!ignored) {
            auto address = remote.address();
            if (address.is_v6() && address.to_v6().is_v4_mapped()) {
                address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
            }
            peer = address.to_string();
        }
        std::unique_ptr<Session> session;
        if (tls != nullptr) {
            session = std::make_unique<Session>(*worker, shared, AnyStream(std::move(socket), *tls), std::move(peer));
        } else {
            session = std::make_unique<Session>(*worker, shared, AnyStream(std::move(socket)), std::move(peer));
        }
        asio::co_spawn(worker->executor(), RunSession(std::move(session)), [](std::exception_ptr e) { LogEscaped(e); });
    }
}

}  // namespace

Server::Server(std::vector<Worker*> workers, ServerOptions options, Handler handler)
    : workers_(std::move(workers)), shared_(std::make_shared<Shared>()), stats_(std::make_shared<ServerStats>()) {
    shared_->options = options;
    shared_->handler = std::move(handler);
    shared_->stats = stats_;
    shared_->sessions.resize(workers_.size());
}

Server::~Server() = default;

std::variant<std::uint16_t, std::string> Server::Listen(const std::string& host, std::uint16_t port,
                                                        ssl::context* tls) {
    error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) {
        return "invalid listen address \"" + host + "\"";
    }
    std::uint16_t bound = port;
    for (Worker* worker : workers_) {
        auto acceptor = std::make_unique<Acceptor>(worker->executor());
        Tcp::endpoint endpoint(address, bound);
        acceptor->open(endpoint.protocol(), ec);
        if (!ec) {
            acceptor->set_option(Acceptor::reuse_address(true), ec);
        }
        if (!ec) {
            const int one = 1;
            if (::setsockopt(acceptor->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
                ec = error_code(errno, boost::system::system_category());
            }
        }
        if (!ec) {
            acceptor->bind(endpoint, ec);
        }
        if (!ec) {
            acceptor->listen(4096, ec);
        }
        if (ec) {
            return "cannot listen on " + host + ":" + std::to_string(bound) + ": " + ec.message();
        }
        bound = acceptor->local_endpoint().port();
        auto listener = std::make_unique<Listener>();
        listener->worker = worker;
        listener->tls = tls;
        Acceptor* raw = acceptor.get();
        listener->acceptor = std::move(acceptor);
        asio::co_spawn(worker->executor(), AcceptLoop(worker, raw, tls, shared_),
                       [](std::exception_ptr e) { LogEscaped(e); });
        listeners_.push_back(std::move(listener));
    }
    return bound;
}

void Server::BeginShutdown() {
    shared_->shutting_down.store(true);
    for (auto& listener : listeners_) {
        Acceptor* acceptor = listener->acceptor.get();
        listener->worker->Post([acceptor] {
            error_code ignored;
            acceptor->close(ignored);
        });
    }
    for (Worker* worker : workers_) {
        auto shared = shared_;
        const auto index = static_cast<std::size_t>(worker->index());
        worker->Post([shared, index] {
            for (SessionNode& session : shared->sessions[index]) {
                session.CloseIfIdle();
            }
        });
    }
}

void Server::CloseAll() {
    for (Worker* worker : workers_) {
        auto shared = shared_;
        const auto index = static_cast<std::size_t>(worker->index());
        worker->Post([shared, index] {
            for (SessionNode& session : shared->sessions[index]) {
                session.CloseNow();
            }
        });
    }
}

}  // namespace switchyard::net
