#include "app/gateway.hpp"

#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <boost/asio/ssl/context.hpp>
#include <spdlog/spdlog.h>

#include "api/accounts.hpp"
#include "api/handlers.hpp"
#include "storage/store.hpp"

namespace switchyard::app {

void RaiseFileLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

namespace {
sigset_t HandledSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}

int ThreadCount(int configured) {
    if (configured > 0) {
        return configured;
    }
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : static_cast<int>(cores);
}
}  // namespace

std::shared_ptr<boost::asio::ssl::context> MakeServerTlsContext(const std::string& cert_file,
                                                                const std::string& key_file) {
    namespace ssl = boost::asio::ssl;
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    context->use_certificate_chain_file(cert_file);
    context->use_private_key_file(key_file, ssl::context::pem);
    return context;
}

void BlockSignals() {
    sigset_t set = HandledSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // A client that disconnects must not kill the process through SIGPIPE.
    signal(SIGPIPE, SIG_IGN);
}

int WaitForSignal(const std::function<void()>& on_hup) {
    sigset_t set = HandledSignals();
    while (true) {
        int signal_number = 0;
        if (sigwait(&set, &signal_number) != 0) {
            continue;
        }
        if (signal_number == SIGHUP) {
            if (on_hup) {
                on_hup();
            }
            continue;
        }
        return signal_number;
    }
}

Gateway::Gateway(config::Config config) : config_(std::move(config)) {}

Gateway::~Gateway() {
    for (auto& worker : workers_) {
        worker->Stop(true);
    }
    for (auto& worker : workers_) {
        worker->Join();
    }
}

std::string Gateway::Start(const std::string& admin_key) {
    auto shared_config = std::make_shared<const config::Config>(config_);
    auto snapshot = api::BuildSnapshot(shared_config);
    if (auto* errors = std::get_if<std::vector<std::string>>(&snapshot)) {
        std::string message;
        for (const std::string& line : *errors) {
            message += line + "\n";
        }
        return message;
    }

    const int threads = ThreadCount(config_.server.threads);
    for (int i = 0; i < threads; ++i) {
        workers_.push_back(std::make_unique<net::Worker>(i));
    }
    context_ = std::make_unique<api::Context>(clock_, config_.server);
    context_->snapshot.store(std::get<std::shared_ptr<const api::Snapshot>>(snapshot));
    context_->registry = providers::BuiltinAdapters();

    auto store = storage::MakeStore(config_.storage.url, config_.billing.synchronous_full);
    if (!store) {
        return "storage.url: " + store.error().message;
    }
    context_->accounts = std::make_shared<api::Accounts>(std::move(*store), config_.billing, clock_, admin_key);
    auto opened = context_->accounts->Open();
    if (!opened) {
        return "storage: " + opened.error().message + " (" + opened.error().internal + ")";
    }
    spdlog::info("storage {}: {}", config_.storage.url, *opened);
    if (auto audit = context_->accounts->store().Audit(); !audit) {
        spdlog::error("ledger audit could not run: {}", audit.error().internal);
    } else if (!audit->ok) {
        for (const std::string& problem : audit->problems) {
            spdlog::error("ledger audit: {}", problem);
        }
    }
    context_->verifier = context_->accounts->verifier();
    std::vector<net::Worker*> raw_workers;
    for (auto& worker : workers_) {
        context_->clients.push_back(std::make_unique<net::UpstreamClient>(*worker));
        raw_workers.push_back(worker.get());
    }

    net::ServerOptions options;
    options.max_header_bytes = config_.server.max_header_bytes;
    options.max_body_bytes = config_.server.max_body_bytes;
    options.max_connections = config_.server.max_connections;
    options.header_read_timeout = config_.server.header_read_timeout;
    options.body_read_timeout = config_.server.body_read_timeout;
    options.idle_timeout = config_.server.idle_timeout;
    options.write_timeout = config_.server.write_timeout;

    server_ = std::make_unique<net::Server>(raw_workers, options, api::MakeApiHandler(*context_));
    net::ServerStats* stats = &server_->stats();
    context_->metrics.AddGauge("switchyard_open_connections", "Client connections open now.",
                               [stats] { return static_cast<double>(stats->connections.load()); });
    context_->metrics.AddGauge("switchyard_active_requests", "Requests being handled now.",
                               [stats] { return static_cast<double>(stats->active_requests.load()); });
    context_->metrics.AddGauge("switchyard_rejected_connections", "Connections shed over max_connections.",
                               [stats] { return static_cast<double>(stats->rejected_connections.load()); });

    for (auto& worker : workers_) {
        worker->Start();
    }
    auto bound = server_->Listen(config_.server.listen.host, config_.server.listen.port);
    if (auto* error = std::get_if<std::string>(&bound)) {
        return *error;
    }
    port_ = std::get<std::uint16_t>(bound);
    const std::string host = config_.server.listen.host.find(':') != std::string::npos
                                 ? "[" + config_.server.listen.host + "]"
                                 : config_.server.listen.host;
    std::printf("listening on http://%s:%u\n", host.c_str(), static_cast<unsigned>(port_));

    if (config_.server.tls) {
        const config::TlsListener& tls = *config_.server.tls;
        try {
            tls_context_ = MakeServerTlsContext(tls.cert_file, tls.key_file);
        } catch (const std::exception& e) {
            return "server.tls: cannot load the certificate or key: " + std::string(e.what());
        }
        tls_server_ = std::make_unique<net::Server>(raw_workers, options, api::MakeApiHandler(*context_));
        auto tls_bound = tls_server_->Listen(tls.listen.host, tls.listen.port, tls_context_.get());
        if (auto* error = std::get_if<std::string>(&tls_bound)) {
            return *error;
        }
        std::printf("listening on https://%s:%u\n", tls.listen.host.c_str(),
                    static_cast<unsigned>(std::get<std::uint16_t>(tls_bound)));
    }
    if (config_.server.admin_listen) {
        admin_server_ = std::make_unique<net::Server>(raw_workers, options, api::MakeAdminHandler(*context_));
        auto admin_bound = admin_server_->Listen(config_.server.admin_listen->host, config_.server.admin_listen->port);
        if (auto* error = std::get_if<std::string>(&admin_bound)) {
            return *error;
        }
        std::printf("admin listening on http://%s:%u\n", config_.server.admin_listen->host.c_str(),
                    static_cast<unsigned>(std::get<std::uint16_t>(admin_bound)));
    }
    std::fflush(stdout);
    context_->ready = true;
    return {};
}

void Gateway::Shutdown() {
    context_->shutting_down = true;
    const auto deadline = std::chrono::steady_clock::now() + config_.server.shutdown_grace;
    std::vector<net::Server*> servers;
    for (auto* server : {server_.get(), tls_server_.get(), admin_server_.get()}) {
        if (server != nullptr) {
            server->BeginShutdown();
            servers.push_back(server);
        }
    }
    auto active = [&] {
        std::int64_t n = 0;
        for (net::Server* server : servers) {
            n += server->stats().active_requests.load();
        }
        return n;
    };
    while (active() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (active() > 0) {
        spdlog::warn("shutdown: {} requests still running after the grace period; closing them", active());
    }
    // Closing a connection tells its handler the client is gone, which cancels the upstream
    // call it waits on; handlers then finish on their own. Their coroutine frames must not
    // outlive this object, so wait for them before stopping the workers.
    for (net::Server* server : servers) {
        server->CloseAll();
    }
    const auto cancel_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (active() > 0 && std::chrono::steady_clock::now() < cancel_deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (active() > 0) {
        // Something ignored cancellation: destroying its frame later would touch freed state.
        spdlog::error("shutdown: {} requests did not stop; exiting without cleanup", active());
        spdlog::shutdown();
        std::fflush(nullptr);
        std::_Exit(1);
    }
    for (auto& worker : workers_) {
        worker->Stop(true);
    }
    for (auto& worker : workers_) {
        worker->Join();
    }
    // Every request has finished: what they journaled is flushed before the process exits.
    context_->accounts->Close();
}

MockServer::MockServer(mock::MockOptions options, int threads)
    : stats_(std::make_shared<mock::Stats>()), options_(std::move(options)) {
    for (int i = 0; i < std::max(1, threads); ++i) {
        workers_.push_back(std::make_unique<net::Worker>(i));
    }
}

MockServer::~MockServer() { Stop(); }

std::uint16_t MockServer::Start(const std::string& host, std::uint16_t port, std::string& error,
                                const std::string& cert_file, const std::string& key_file) {
    if (!cert_file.empty()) {
        try {
            tls_ = MakeServerTlsContext(cert_file, key_file);
        } catch (const std::exception& e) {
            error = "cannot load the TLS certificate or key: " + std::string(e.what());
            return 0;
        }
    }
    std::vector<net::Worker*> raw;
    for (auto& worker : workers_) {
        raw.push_back(worker.get());
    }
    net::ServerOptions options;
    options.idle_timeout = std::chrono::milliseconds(120'000);
    options.write_timeout = std::chrono::milliseconds(600'000);
    net::Handler handler = mock::MakeMockHandler(options_, stats_);
    if (!handler) {
        error = "unknown mock format \"" + options_.format + "\" (" + mock::FormatNames() + ")";
        return 0;
    }
    server_ = std::make_unique<net::Server>(raw, options, std::move(handler));
    for (auto& worker : workers_) {
        worker->Start();
    }
    auto bound = server_->Listen(host, port, tls_.get());
    if (auto* message = std::get_if<std::string>(&bound)) {
        error = *message;
        return 0;
    }
    return std::get<std::uint16_t>(bound);
}

void MockServer::Stop() {
    if (server_) {
        server_->CloseAll();
    }
    for (auto& worker : workers_) {
        worker->Stop(true);
    }
    for (auto& worker : workers_) {
        worker->Join();
    }
}

}  // namespace switchyard::app
