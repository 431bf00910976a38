#pragma once
// Project-wide Asio vocabulary. Every socket, timer and coroutine uses the concrete
// io_context executor (not any_io_executor): each thread runs its own io_context, so nothing
// needs the type-erased executor, and the concrete one is measurably cheaper on the hot path.
// Coroutines complete with as_tuple so errors are values, never exceptions.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace switchyard::net {

namespace asio = boost::asio;
using error_code = boost::system::error_code;
using Executor = asio::io_context::executor_type;

template <class T = void>
using Task = asio::awaitable<T, Executor>;

inline constexpr auto kUseTask = asio::as_tuple(asio::use_awaitable_t<Executor>{});
inline constexpr asio::use_awaitable_t<Executor> kUseTaskThrow{};

using Tcp = asio::ip::tcp;
using TcpSocket = asio::basic_stream_socket<Tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<Tcp, Executor>;
using Resolver = asio::ip::basic_resolver<Tcp, Executor>;
using Timer = asio::basic_waitable_timer<std::chrono::steady_clock, asio::wait_traits<std::chrono::steady_clock>, Executor>;

}  // namespace switchyard::net
