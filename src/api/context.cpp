#include "api/context.hpp"

#include <map>

#include <boost/asio/ssl/context.hpp>

namespace switchyard::api {

std::variant<std::shared_ptr<const Snapshot>, std::vector<std::string>> BuildSnapshot(
    std::shared_ptr<const config::Config> config) {
    std::vector<std::string> errors;
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->config = config;
    snapshot->catalog = routing::Catalog::FromConfig(*config);

    // One TLS context per distinct CA file; loading the system store once is enough.
    std::map<std::string, std::shared_ptr<boost::asio::ssl::context>> contexts;
    for (const config::ProviderConfig& provider : config->providers) {
        ProviderRuntime runtime;
        auto url = net::UpstreamUrl::Parse(provider.base_url);
        if (!url) {
            errors.push_back("providers." + provider.id + ".base_url: cannot parse \"" + provider.base_url + "\"");
            continue;
        }
        runtime.url = *url;
        if (url->tls) {
            auto& context = contexts[provider.ca_file];
            if (!context) {
                try {
                    context = net::MakeClientTlsContext(provider.ca_file);
                } catch (const std::exception& e) {
                    errors.push_back("providers." + provider.id + ".ca_file: " + e.what());
                    continue;
                }
            }
            runtime.tls = context;
        }
        runtime.timeouts.connect = provider.connect_timeout;
        runtime.timeouts.first_byte = provider.first_byte_timeout;
        runtime.timeouts.idle = provider.idle_timeout;
        runtime.timeouts.total = provider.total_timeout;
        runtime.max_idle_connections = provider.max_idle_connections;
        snapshot->providers.emplace(provider.id, std::move(runtime));
    }
    if (!errors.empty()) {
        return errors;
    }
    return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

}  // namespace switchyard::api
