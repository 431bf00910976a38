#include "net/worker.hpp"

#include <boost/asio/post.hpp>
#include <ctime>

namespace switchyard::net {
namespace {
thread_local Worker* current_worker = nullptr;

std::string FormatHttpDate(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    const std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return std::string(buf, n);
}
}  // namespace

Deadline::Deadline(Worker& worker, std::function<void()> on_expire)
    : worker_(worker), on_expire_(std::move(on_expire)) {}

void Deadline::ExpiresAt(Clock::time_point when) {
    when_ = when;
    expired_ = false;
    if (!is_linked()) {
        worker_.Link(*this);
    }
}

void Deadline::Clear() {
    if (is_linked()) {
        unlink();
    }
}

Worker::Worker(int index) : index_(index) { http_date_ = FormatHttpDate(std::time(nullptr)); }

Worker::~Worker() {
    deadlines_.clear();
    if (thread_.joinable()) {
        io_.stop();
        thread_.join();
    }
}

void Worker::Link(Deadline& deadline) { deadlines_.push_back(deadline); }

void Worker::Sweep() {
    const auto now = Deadline::Clock::now();
    for (auto it = deadlines_.begin(); it != deadlines_.end();) {
        Deadline& deadline = *it;
        ++it;  // Expire may unlink this entry (and only this one, synchronously)
        if (deadline.when_ <= now) {
            deadline.unlink();
            deadline.expired_ = true;
            if (deadline.on_expire_) {
                deadline.on_expire_();
            }
        }
    }
    const std::time_t second = std::time(nullptr);
    if (second != http_date_second_) {
        http_date_second_ = second;
        http_date_ = FormatHttpDate(second);
    }
}

void Worker::StartSweeper() {
    sweep_timer_ = std::make_unique<Timer>(io_.get_executor());
    // A callback loop rather than a coroutine: it must outlive every session and needs no frame.
    struct Tick {
        Worker* self;
        void operator()(const error_code& ec) const {
            if (ec) {
                return;
            }
            self->Sweep();
            self->sweep_timer_->expires_after(kSweepInterval);
            self->sweep_timer_->async_wait(Tick{self});
        }
    };
    sweep_timer_->expires_after(kSweepInterval);
    sweep_timer_->async_wait(Tick{this});
}

void Worker::Start() {
    guard_ = std::make_unique<asio::executor_work_guard<Executor>>(io_.get_executor());
    StartSweeper();
    thread_ = std::thread([this] {
        current_worker = this;
        io_.run();
        current_worker = nullptr;
    });
}

void Worker::Stop(bool hard) {
    if (hard) {
        io_.stop();
        return;
    }
    asio::post(io_, [this] {
        guard_.reset();
        if (sweep_timer_) {
            sweep_timer_->cancel();
        }
    });
}

void Worker::Join() {
    if (thread_.joinable()) {
        thread_.join();
    }
}

Worker* Worker::Current() { return current_worker; }

void Worker::Post(std::function<void()> fn) { asio::post(io_, std::move(fn)); }

}  // namespace switchyard::net
