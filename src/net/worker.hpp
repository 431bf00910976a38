#pragma once
// A worker is one thread running one io_context, the unit of the thread-per-core design: each
// client connection and each pooled upstream connection lives on exactly one worker, so
// nothing on the data plane needs a lock or a strand.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include <boost/intrusive/list.hpp>

#include "net/asio.hpp"

namespace switchyard::net {

class Worker;

/// A deadline on some I/O (a socket's current phase). When it passes, the worker's sweeper
/// calls Expire(), which closes the socket so that pending operations fail at once. Setting
/// a deadline is a store plus a list link, no timer syscall; the sweeper checks every
/// `kSweepInterval`, so deadlines fire within that granularity.
class Deadline : public boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::auto_unlink>> {
public:
    using Clock = std::chrono::steady_clock;

    /// `on_expire` runs on the worker's thread.
    Deadline(Worker& worker, std::function<void()> on_expire);
    ~Deadline() = default;
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;

    void ExpiresAt(Clock::time_point when);
    void ExpiresAfter(Clock::duration after) { ExpiresAt(Clock::now() + after); }
    void Clear();
    /// True once this deadline has fired (until the next ExpiresAt).
    bool Expired() const { return expired_; }
    Clock::time_point when() const { return when_; }

private:
    friend class Worker;
    Worker& worker_;
    std::function<void()> on_expire_;
    Clock::time_point when_{};
    bool expired_ = false;
};

class Worker {
public:
    static constexpr std::chrono::milliseconds kSweepInterval{25};

    explicit Worker(int index);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    int index() const { return index_; }
    asio::io_context& io() { return io_; }
    Executor executor() { return io_.get_executor(); }

    /// Starts the thread (io_context::run). The work guard keeps it running until Stop().
    void Start();
    /// Lets run() return once no work is left (graceful), or stops it at once (hard).
    void Stop(bool hard);
    void Join();

    /// The worker whose thread is calling, or nullptr.
    static Worker* Current();

    /// Runs `fn` on this worker's thread.
    void Post(std::function<void()> fn);

    /// Per-worker cached "Date:" header value, refreshed once a second by the sweeper.
    std::string_view HttpDate() const { return http_date_; }

private:
    friend class Deadline;
    void Link(Deadline& deadline);
    void Sweep();
    void StartSweeper();

    using DeadlineList = boost::intrusive::list<Deadline, boost::intrusive::constant_time_size<false>>;

    int index_;
    asio::io_context io_{1};
    std::unique_ptr<asio::executor_work_guard<Executor>> guard_;
    std::unique_ptr<Timer> sweep_timer_;
    DeadlineList deadlines_;
    std::thread thread_;
    std::string http_date_;
    std::int64_t http_date_second_ = 0;
};

}  // namespace switchyard::net
