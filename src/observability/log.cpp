#include "observability/log.hpp"

#include <chrono>

#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/json_writer.hpp"

namespace switchyard::observability {

void InitLogging(const std::string& level) {
    auto logger = spdlog::stderr_logger_mt("switchyard");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    logger->set_level(spdlog::level::from_str(level));
    spdlog::set_default_logger(logger);
}

AccessLog::AccessLog(const std::string& destination) {
    if (destination == "off" || destination.empty()) {
        return;
    }
    if (spdlog::thread_pool() == nullptr) {
        spdlog::init_thread_pool(16384, 1);
    }
    // Overrun the oldest lines rather than block an I/O thread when the disk is slow.
    if (destination == "stderr") {
        logger_ = spdlog::create_async_nb<spdlog::sinks::stderr_sink_mt>("access");
    } else if (destination == "stdout") {
        logger_ = spdlog::create_async_nb<spdlog::sinks::stdout_sink_mt>("access");
    } else {
        logger_ = spdlog::create_async_nb<spdlog::sinks::basic_file_sink_mt>("access", destination);
    }
    logger_->set_pattern("%v");
    logger_->set_level(spdlog::level::info);
}

AccessLog::~AccessLog() {
    if (logger_) {
        logger_->flush();
        spdlog::drop("access");
    }
}

std::string FormatAccessLine(const RequestRecord& r, std::int64_t unix_ms) {
    std::string line;
    line.reserve(384);
    core::JsonWriter w(line);
    w.BeginObject();
    w.Key("ts_ms").Int(unix_ms);
    w.Key("request_id").String(r.request_id);
    if (!r.generation_id.empty()) {
        w.Key("generation_id").String(r.generation_id);
    }
    w.Key("client").String(r.client_address);
    w.Key("key").String(r.key_hash_prefix);
    w.Key("method").String(r.method);
    w.Key("route").String(r.route);
    w.Key("status").Int(r.status);
    if (!r.model.empty()) {
        w.Key("model").String(r.model);
    }
    if (!r.provider.empty()) {
        w.Key("provider").String(r.provider);
    }
    w.Key("latency_ms").Int(static_cast<std::int64_t>(r.latency_s * 1000.0 + 0.5));
    if (r.ttft_s >= 0) {
        w.Key("ttft_ms").Int(static_cast<std::int64_t>(r.ttft_s * 1000.0 + 0.5));
    }
    if (r.prompt_tokens != 0 || r.completion_tokens != 0) {
        w.Key("prompt_tokens").Int(r.prompt_tokens);
        w.Key("completion_tokens").Int(r.completion_tokens);
        if (r.tokens_estimated) {
            w.Key("tokens_estimated").Bool(true);
        }
    }
    if (r.cost != 0) {
        w.Key("cost_usd").Usd(r.cost);
    }
    if (r.streamed) {
        w.Key("streamed").Bool(true);
    }
    if (r.cancelled) {
        w.Key("cancelled").Bool(true);
    }
    if (!r.error_kind.empty()) {
        w.Key("error").String(r.error_kind);
    }
    if (r.attempts > 1) {
        w.Key("attempts").Int(r.attempts);
    }
    w.Key("bytes").Uint(r.bytes_out);
    w.EndObject();
    return line;
}

void AccessLog::Write(const RequestRecord& record) {
    if (!logger_) {
        return;
    }
    const auto unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    logger_->info(FormatAccessLine(record, unix_ms));
}

}  // namespace switchyard::observability
