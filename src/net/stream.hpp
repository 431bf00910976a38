#pragma once
// A byte stream that is either plain TCP or TLS over TCP, chosen at run time, with the
// AsyncReadStream/AsyncWriteStream interface Beast's algorithms need. The server's sessions and
// the upstream client's pooled connections both use it, so one code path serves both.

#include <variant>

#include <boost/asio/async_result.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "net/asio.hpp"

namespace switchyard::net {

namespace ssl = boost::asio::ssl;
using TlsStream = ssl::stream<TcpSocket>;

class AnyStream {
public:
    using executor_type = Executor;

    explicit AnyStream(TcpSocket socket) : stream_(std::move(socket)) {}
    AnyStream(TcpSocket socket, ssl::context& context) : stream_(std::in_place_type<TlsStream>, std::move(socket), context) {}

    AnyStream(AnyStream&&) = default;
    AnyStream& operator=(AnyStream&&) = default;

    executor_type get_executor() { return Tcp().get_executor(); }

    TcpSocket& Tcp() {
        if (auto* tls = std::get_if<TlsStream>(&stream_)) {
            return tls->next_layer();
        }
        return std::get<TcpSocket>(stream_);
    }
    TlsStream* Tls() { return std::get_if<TlsStream>(&stream_); }
    bool IsTls() const { return std::holds_alternative<TlsStream>(stream_); }

    /// Closes the TCP socket at once: pending operations complete with operation_aborted.
    void Close() {
        error_code ignored;
        Tcp().shutdown(Tcp::socket::shutdown_both, ignored);
        Tcp().close(ignored);
    }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        return asio::async_initiate<Token, void(error_code, std::size_t)>(
            [this](auto handler, const MutableBuffers& b) {
                if (auto* tls = std::get_if<TlsStream>(&stream_)) {
                    tls->async_read_some(b, std::move(handler));
                } else {
                    std::get<TcpSocket>(stream_).async_read_some(b, std::move(handler));
                }
            },
            token, buffers);
    }

    template <class ConstBuffers, class Token>
    auto async_write_some(const ConstBuffers& buffers, Token&& token) {
        return asio::async_initiate<Token, void(error_code, std::size_t)>(
            [this](auto handler, const ConstBuffers& b) {
                if (auto* tls = std::get_if<TlsStream>(&stream_)) {
                    tls->async_write_some(b, std::move(handler));
                } else {
                    std::get<TcpSocket>(stream_).async_write_some(b, std::move(handler));
                }
            },
            token, buffers);
    }

private:
    std::variant<TcpSocket, TlsStream> stream_;
};

}  // namespace switchyard::net
