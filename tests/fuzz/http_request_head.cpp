// Fuzzes HTTP/1.1 request parsing as net/server.cpp does it, without sockets: Beast's
// request_parser with the server's allocator, limits and eager settings, fed through a flat
// buffer the way http::async_read_header and http::async_read feed it, then the server's own
// framing checks, for up to four pipelined requests on one connection. Input: byte 0 seeds the
// split points (how the bytes arrive from the socket), the rest is what the client sent.
//
// Invariants: no crash, Beast assertion or undefined behaviour; which requests reach the handler,
// with what method, target and body, and where the connection is rejected do not depend on how
// the bytes arrived; an accepted body respects the body limit and its Content-Length.
// A request with Transfer-Encoding is served only when chunked is its one coding (RFC 9112
// §6.1), and the bytes buffered while a body is read stay bounded.

#include <cstdlib>
#include <cstring>
#include <memory_resource>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "fuzz_util.hpp"
#include "http/framing.hpp"

// This target instantiates Beast's parser itself (not through sy_net's separately compiled copy),
// with BOOST_ASSERT routed to core/assert.cpp's handler: every failed assertion aborts (a crash
// for libFuzzer) except Beast 1.81's one known false alarm on a split last-chunk.

namespace {

namespace http = boost::beast::http;
using boost::system::error_code;
using switchyard::fuzz::Check;

using Allocator = std::pmr::polymorphic_allocator<char>;
using RequestParser = http::request_parser<http::string_body, Allocator>;

constexpr std::size_t kHeaderLimit = 32 * 1024;
constexpr std::size_t kBodyLimit = 1024 * 1024;
constexpr int kMaxRequests = 4;

/// What the server does with one request: serve it (200 here), answer with an error status and
/// close, or close silently (0).
struct Verdict {
    int status = 0;
    std::string method;
    std::string target;
    std::string body;
    bool keep_alive = false;

    bool operator==(const Verdict&) const = default;
};

/// Whether two runs treated the connection alike: the same requests served, the same point of
/// rejection. Beast 1.81's header limit depends on how the head arrives, so a head near the
/// limit is compared no further once either run rejected it as too large: once the request line
/// was parsed in one read, the limit starts afresh for the fields; a head that trickles in is
/// checked as a whole; and a bad field in an over-long head is 400 one way, 431 the other.
bool SameVerdicts(const std::vector<Verdict>& a, const std::vector<Verdict>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i].status == 431 || b[i].status == 431) {
            return true;
        }
        if ((a[i].status == 200 || b[i].status == 200) && !(a[i] == b[i])) {
            return false;
        }
        if ((a[i].status == 0) != (b[i].status == 0)) {
            return false;
        }
    }
    return a.size() == b.size();
}

/// The client's bytes as they arrive, and the server's flat read buffer.
class Connection {
public:
    Connection(std::string_view bytes, std::uint8_t seed) : pieces_(bytes, seed) {}

    /// One socket read appended to the buffer; false at end of stream.
    bool Read() {
        std::string_view piece;
        if (!pieces_.Next(piece)) {
            return false;
        }
        buffer_.append(piece);
        return true;
    }

    std::string& buffer() { return buffer_; }

private:
    switchyard::fuzz::Pieces pieces_;
    std::string buffer_;
};

/// The server's read buffer holds at most the head limit plus this much unparsed input
/// (net/server.cpp, kMaxBufferedBody); beyond it a read fails with buffer_overflow.
constexpr std::size_t kMaxBufferedBody = 64 * 1024;

bool HeaderDone(const RequestParser& parser) {
    return parser.is_header_done();
}
bool MessageDone(const RequestParser& parser) {
    return parser.is_done();
}

/// http::async_read_some: parse what is buffered, read more while the parser needs more; at end
/// of stream, put_eof if the message started, else error::end_of_stream.
error_code ReadSome(Connection& connection, RequestParser& parser,
                    bool (*done)(const RequestParser&)) {
    std::string& buffer = connection.buffer();
    error_code ec;
    bool parse = !buffer.empty();
    while (true) {
        if (parse) {
            const std::size_t used =
                parser.put(boost::asio::const_buffer(buffer.data(), buffer.size()), ec);
            buffer.erase(0, used);
            // Beast's read loop calls put again after a success; without progress it would spin.
            Check(ec || used > 0 || done(parser), "Beast's parser makes progress");
            if (ec != http::error::need_more) {
                return ec;
            }
        }
        parse = true;
        if (buffer.size() >= kHeaderLimit + kMaxBufferedBody) {
            // Beast 1.81 does not bound a chunk-size line (extensions) or the trailer; the
            // server's bounded buffer does.
            return http::error::buffer_overflow;
        }
        if (!connection.Read()) {
            if (parser.got_some()) {
                ec = {};
                parser.put_eof(ec);
                Check(ec || parser.is_done(), "put_eof completes the message or fails");
                return ec;
            }
            return http::error::end_of_stream;
        }
    }
}

/// http::async_read / async_read_header: read_some until `done`.
error_code ReadUntil(Connection& connection, RequestParser& parser,
                     bool (*done)(const RequestParser&)) {
    if (done(parser)) {
        return {};
    }
    error_code ec;
    do {
        ec = ReadSome(connection, parser, done);
    } while (!ec && !done(parser));
    return ec;
}

/// The server's checks between the head and the body: the same function net/server.cpp calls.
int ServerFramingCheck(const RequestParser& parser) {
    const auto& request = parser.get();
    switchyard::http::RequestFraming framing;
    framing.content_length_fields = request.count(http::field::content_length);
    framing.transfer_encoding_fields = request.count(http::field::transfer_encoding);
    const auto te = request[http::field::transfer_encoding];
    framing.transfer_encoding = std::string_view(te.data(), te.size());
    if (auto length = parser.content_length()) {
        framing.content_length = *length;
    }
    auto checked = switchyard::http::CheckRequestFraming(framing, kBodyLimit);
    if (checked) {
        return 0;
    }
    return checked.error().code == switchyard::core::Errc::kBodyTooLarge ? 413 : 400;
}

std::vector<Verdict> Serve(std::string_view bytes, std::uint8_t seed) {
    std::vector<Verdict> verdicts;
    Connection connection(bytes, seed);
    alignas(std::max_align_t) char arena_storage[8 * 1024];
    std::pmr::monotonic_buffer_resource arena(arena_storage, sizeof arena_storage);
    std::optional<RequestParser> parser;
    for (int i = 0; i < kMaxRequests; ++i) {
        // Like the server: up to four empty lines before a request line are ignored, and a lone
        // CR (maybe half of one) waits for more.
        std::string& buffer = connection.buffer();
        int blank_lines = 0;
        bool closed = false;
        while (true) {
            while (blank_lines < 4 && buffer.rfind("\r\n", 0) == 0) {
                buffer.erase(0, 2);
                ++blank_lines;
            }
            const bool lone_cr = buffer == "\r" && blank_lines < 4;
            if (!buffer.empty() && !lone_cr) {
                break;
            }
            if (!connection.Read()) {
                closed = true;  // the client closed between requests
                break;
            }
        }
        if (closed) {
            break;
        }
        parser.reset();
        arena.release();
        parser.emplace(std::piecewise_construct, std::make_tuple(std::string()),
                       std::make_tuple(Allocator(&arena)));
        parser->header_limit(static_cast<std::uint32_t>(kHeaderLimit));
        parser->body_limit(kBodyLimit);
        parser->eager(false);

        Verdict verdict;
        error_code ec = ReadUntil(connection, *parser, HeaderDone);
        if (ec) {
            if (ec == http::error::header_limit) {
                verdict.status = 431;
            } else if (ec != http::error::end_of_stream) {
                verdict.status = 400;
            }
            verdicts.push_back(verdict);
            break;
        }
        const auto& request = parser->get();
        verdict.method = std::string(request.method_string());
        verdict.target = std::string(request.target());
        verdict.keep_alive = request.keep_alive();
        if (const int status = ServerFramingCheck(*parser); status != 0) {
            verdict.status = status;
            verdicts.push_back(verdict);
            break;
        }
        if (!parser->is_done()) {
            parser->eager(true);
            ec = ReadUntil(connection, *parser, MessageDone);
            if (ec) {
                if (ec == http::error::body_limit) {
                    verdict.status = 413;
                } else if (ec != http::error::partial_message) {
                    verdict.status = 400;
                }
                verdicts.push_back(verdict);
                break;
            }
        }
        verdict.status = 200;
        verdict.body = parser->get().body();
        Check(verdict.body.size() <= kBodyLimit, "an accepted body is within the body limit");
        if (auto length = parser->content_length()) {
            Check(verdict.body.size() == *length, "an accepted body has its Content-Length");
        }
        if (request.count(http::field::transfer_encoding) > 0) {
            Check(parser->chunked(), "Transfer-Encoding is served only when chunked is final");
        }
        verdicts.push_back(verdict);
        if (!verdict.keep_alive) {
            break;
        }
    }
    return verdicts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::string_view bytes = switchyard::fuzz::Rest(data, size, 1);
    const std::vector<Verdict> whole = Serve(bytes, 0);
    const std::vector<Verdict> split = Serve(bytes, data[0]);
    Check(SameVerdicts(whole, split), "the same verdicts however the bytes arrive");
    return 0;
}
