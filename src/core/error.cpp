#include "core/error.hpp"

#include <array>
#include <cctype>
#include <stdexcept>

namespace switchyard::core {
namespace {

struct Entry {
    Errc code;
    std::string_view camel_name;
    int http_status;
    bool retry_elsewhere;
    std::string_view error_type;
};

constexpr std::array kEntries = {
#define SWITCHYARD_ERRC_ENTRY(name, value, status, retry, type) \
    Entry{Errc::k##name, #name, status, retry, type},
    SWITCHYARD_ERRORS(SWITCHYARD_ERRC_ENTRY)
#undef SWITCHYARD_ERRC_ENTRY
};

std::string SnakeCase(std::string_view camel) {
    std::string out;
    for (std::size_t i = 0; i < camel.size(); ++i) {
        const char c = camel[i];
        if (std::isupper(static_cast<unsigned char>(c)) != 0) {
            if (i != 0) {
                out.push_back('_');
            }
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
            out.push_back(c);
        }
    }
    return out;
}

struct Table {
    std::array<std::string, kEntries.size()> names;
    std::array<ErrcInfo, kEntries.size()> infos;
    Table() {
        for (std::size_t i = 0; i < kEntries.size(); ++i) {
            names[i] = SnakeCase(kEntries[i].camel_name);
            infos[i] = ErrcInfo{names[i], kEntries[i].http_status, kEntries[i].retry_elsewhere,
                                kEntries[i].error_type};
        }
    }
};

const Table& GetTable() {
    // Built on first use rather than at static-initialisation time.
    static const Table table;
    return table;
}

}  // namespace

const ErrcInfo& Info(Errc code) {
    const Table& table = GetTable();
    for (std::size_t i = 0; i < kEntries.size(); ++i) {
        if (kEntries[i].code == code) {
            return table.infos[i];
        }
    }
    // Every Errc value comes from SWITCHYARD_ERRORS, so the loop always finds it; an integer
    // cast into Errc from outside the list is a programming error.
    return table.infos[kEntries.size() - 1];
}

Error MakeError(Errc code, std::string message, std::string internal) {
    Error error;
    error.code = code;
    error.message = std::move(message);
    error.internal = std::move(internal);
    return error;
}

void throw_exception_from_error(const Error& error, const boost::source_location& /*loc*/) {
    throw std::runtime_error(error.message);
}

std::string_view StatusReason(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 402: return "Payment Required";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Entity";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Unknown";
    }
}

}  // namespace switchyard::core
