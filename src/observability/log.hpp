#pragma once
// Logging: spdlog for the process log (stderr) and a separate asynchronous access log with one
// JSON line per request. The access log never contains prompt text, completions or keys.

#include <memory>
#include <string>

#include "observability/metrics.hpp"

namespace spdlog {
class logger;
}

namespace switchyard::observability {

/// Sets up the process logger at `level` ("trace" ... "off").
void InitLogging(const std::string& level);

class AccessLog {
public:
    /// `destination`: "stderr", "stdout", "off", or a file path (appended to).
    explicit AccessLog(const std::string& destination);
    ~AccessLog();
    void Write(const RequestRecord& record);
    bool enabled() const { return logger_ != nullptr; }

private:
    std::shared_ptr<spdlog::logger> logger_;
};

/// The JSON line for `record` (exposed for tests).
std::string FormatAccessLine(const RequestRecord& record, std::int64_t unix_ms);

}  // namespace switchyard::observability
