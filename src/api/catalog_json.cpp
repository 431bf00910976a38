#include "api/catalog_json.hpp"

#include <algorithm>

#include "core/json_writer.hpp"
#include "core/money.hpp"
#include "core/strings.hpp"
#include "http/routes.hpp"

namespace switchyard::api {
namespace {

using core::JsonWriter;

void WriteStrings(JsonWriter& w, const std::vector<std::string>& values) {
    w.BeginArray();
    for (const std::string& value : values) {
        w.String(value);
    }
    w.EndArray();
}

std::string Modality(const routing::Model& model) {
    std::string out;
    for (std::size_t i = 0; i < model.input_modalities.size(); ++i) {
        out += (i == 0 ? "" : "+") + model.input_modalities[i];
    }
    out += "->";
    for (std::size_t i = 0; i < model.output_modalities.size(); ++i) {
        out += (i == 0 ? "" : "+") + model.output_modalities[i];
    }
    return out;
}

/// The endpoint whose prices /models shows: the cheapest routable one (any, if none routable).
const routing::Endpoint* TopEndpoint(const routing::Model& model) {
    const routing::Endpoint* best = nullptr;
    auto total = [](const routing::Endpoint* e) { return e->prices.prompt + e->prices.completion; };
    for (const routing::Endpoint* endpoint : model.endpoints) {
        const bool better_routability = best != nullptr && endpoint->provider->routable && !best->provider->routable;
        if (best == nullptr || better_routability ||
            (endpoint->provider->routable == best->provider->routable && total(endpoint) < total(best))) {
            best = endpoint;
        }
    }
    return best;
}

void WritePricing(JsonWriter& w, const billing::Prices& prices) {
    w.Key("pricing").BeginObject();
    w.Key("prompt").String(core::FormatUsdPerToken(prices.prompt));
    w.Key("completion").String(core::FormatUsdPerToken(prices.completion));
    w.Key("request").String(core::FormatUsd(prices.request));
    w.Key("image").String(core::FormatUsd(prices.image));
    if (prices.cache_read != 0) {
        w.Key("input_cache_read").String(core::FormatUsdPerToken(prices.cache_read));
    }
    if (prices.cache_write != 0) {
        w.Key("input_cache_write").String(core::FormatUsdPerToken(prices.cache_write));
    }
    w.EndObject();
}

void WriteModelFields(JsonWriter& w, const routing::Model& model, std::string_view base_path) {
    w.Key("id").String(model.id);
    w.Key("canonical_slug").String(model.id);
    w.Key("hugging_face_id").Null();
    w.Key("name").String(model.name);
    w.Key("created").Int(model.created);
    w.Key("description").String("");
    w.Key("context_length").Int(model.context_length);
    w.Key("architecture").BeginObject();
    w.Key("modality").String(Modality(model));
    w.Key("input_modalities");
    WriteStrings(w, model.input_modalities);
    w.Key("output_modalities");
    WriteStrings(w, model.output_modalities);
    w.Key("tokenizer").String("Other");
    w.Key("instruct_type").Null();
    w.EndObject();
    const routing::Endpoint* top = TopEndpoint(model);
    WritePricing(w, top != nullptr ? top->prices : billing::Prices{});
    w.Key("top_provider").BeginObject();
    w.Key("context_length").Int(top != nullptr ? top->context_length : model.context_length);
    w.Key("max_completion_tokens");
    if (top != nullptr && top->max_completion_tokens > 0) {
        w.Int(top->max_completion_tokens);
    } else {
        w.Null();
    }
    w.Key("is_moderated").Bool(false);
    w.EndObject();
    w.Key("per_request_limits").Null();
    w.Key("supported_parameters");
    WriteStrings(w, model.supported_parameters);
    w.Key("default_parameters").Null();
    w.Key("supported_voices").Null();
    w.Key("links").BeginObject();
    w.Key("details").String(std::string(base_path) + "/models/" + model.id + "/endpoints");
    w.EndObject();
}

bool HasAll(const std::vector<std::string>& have, std::string_view wanted_csv) {
    for (std::string_view wanted : core::SplitTrimmed(wanted_csv, ',')) {
        if (std::find(have.begin(), have.end(), wanted) == have.end()) {
            return false;
        }
    }
    return true;
}

bool HasAny(const std::vector<std::string>& have, std::string_view wanted_csv) {
    if (wanted_csv.empty() || wanted_csv == "all") {
        return true;
    }
    for (std::string_view wanted : core::SplitTrimmed(wanted_csv, ',')) {
        if (std::find(have.begin(), have.end(), wanted) != have.end()) {
            return true;
        }
    }
    return false;
}

}  // namespace

core::Result<ModelsQuery> ParseModelsQuery(std::string_view query) {
    ModelsQuery out;
    auto number = [&](std::string_view name, std::size_t max) -> core::Result<std::optional<std::size_t>> {
        auto text = http::QueryParam(query, name);
        if (!text) {
            return std::optional<std::size_t>{};
        }
        auto value = core::ParseInt(*text);
        if (!value || *value < 0 || static_cast<std::size_t>(*value) > max) {
            return core::MakeError(core::Errc::kInvalidRequest,
                                   std::string(name) + ": expected an integer between 0 and " + std::to_string(max));
        }
        return std::optional<std::size_t>(static_cast<std::size_t>(*value));
    };
    auto offset = number("offset", 1'000'000);
    if (!offset) {
        return offset.error();
    }
    out.offset = offset->value_or(0);
    auto limit = number("limit", 1000);
    if (limit && *limit && **limit == 0) {
        // A zero page size would make links.next point at the same empty page forever.
        return core::MakeError(core::Errc::kInvalidRequest, "limit: expected an integer between 1 and 1000");
    }
    if (!limit) {
        return limit.error();
    }
    out.limit = *limit;
    out.supported_parameters = http::QueryParam(query, "supported_parameters").value_or("");
    out.output_modalities = http::QueryParam(query, "output_modalities").value_or("");
    out.input_modalities = http::QueryParam(query, "input_modalities").value_or("");
    return out;
}

std::string RenderModels(const routing::Catalog& catalog, const ModelsQuery& query, std::string_view base_path) {
    std::vector<const routing::Model*> matching;
    for (const auto& model : catalog.models()) {
        if (!HasAll(model->supported_parameters, query.supported_parameters) ||
            !HasAny(model->output_modalities, query.output_modalities) ||
            !HasAny(model->input_modalities, query.input_modalities)) {
            continue;
        }
        matching.push_back(model.get());
    }
    const std::size_t begin = std::min(query.offset, matching.size());
    const std::size_t end = query.limit ? std::min(matching.size(), begin + *query.limit) : matching.size();
    std::string out;
    out.reserve(1024 * (end - begin + 1));
    JsonWriter w(out);
    w.BeginObject();
    w.Key("data").BeginArray();
    for (std::size_t i = begin; i < end; ++i) {
        w.BeginObject();
        WriteModelFields(w, *matching[i], base_path);
        w.EndObject();
    }
    w.EndArray();
    w.Key("links").BeginObject().Key("next");
    if (end < matching.size()) {
        std::string next = std::string(base_path) + "/models?offset=" + std::to_string(end);
        if (query.limit) {
            next += "&limit=" + std::to_string(*query.limit);
        }
        w.String(next);
    } else {
        w.Null();
    }
    w.EndObject();
    w.Key("total_count").Uint(matching.size());
    w.EndObject();
    return out;
}

std::optional<std::string> RenderModel(const routing::Catalog& catalog, std::string_view model_id,
                                       std::string_view base_path) {
    const routing::Model* model = catalog.FindModel(model_id);
    if (model == nullptr) {
        return std::nullopt;
    }
    std::string out;
    JsonWriter w(out);
    w.BeginObject().Key("data").BeginObject();
    WriteModelFields(w, *model, base_path);
    w.EndObject().EndObject();
    return out;
}

std::string RenderProviders(const routing::Catalog& catalog) {
    std::string out;
    JsonWriter w(out);
    w.BeginObject().Key("data").BeginArray();
    for (const auto& provider : catalog.providers()) {
        w.BeginObject();
        w.Key("name").String(provider->name());
        w.Key("slug").String(provider->id());
        w.Key("privacy_policy_url").Null();
        w.Key("terms_of_service_url").Null();
        w.Key("status_page_url").Null();
        w.EndObject();
    }
    w.EndArray().EndObject();
    return out;
}

std::optional<std::string> RenderModelEndpoints(const routing::Catalog& catalog, std::string_view model_id) {
    const routing::Model* model = catalog.FindModel(model_id);
    if (model == nullptr) {
        return std::nullopt;
    }
    std::string out;
    JsonWriter w(out);
    w.BeginObject().Key("data").BeginObject();
    w.Key("id").String(model->id);
    w.Key("name").String(model->name);
    w.Key("created").Int(model->created);
    w.Key("description").String("");
    w.Key("architecture").BeginObject();
    w.Key("modality").String(Modality(*model));
    w.Key("input_modalities");
    WriteStrings(w, model->input_modalities);
    w.Key("output_modalities");
    WriteStrings(w, model->output_modalities);
    w.Key("tokenizer").String("Other");
    w.Key("instruct_type").Null();
    w.EndObject();
    w.Key("endpoints").BeginArray();
    for (const routing::Endpoint* endpoint : model->endpoints) {
        w.BeginObject();
        w.Key("name").String(endpoint->provider->name() + " | " + model->id);
        w.Key("model_id").String(model->id);
        w.Key("model_name").String(model->name);
        w.Key("context_length").Int(endpoint->context_length);
        WritePricing(w, endpoint->prices);
        w.Key("provider_name").String(endpoint->provider->name());
        w.Key("tag").String(endpoint->provider->id());
        w.Key("quantization");
        endpoint->quantization.empty() ? w.Null() : w.String(endpoint->quantization);
        w.Key("max_completion_tokens");
        endpoint->max_completion_tokens > 0 ? w.Int(endpoint->max_completion_tokens) : w.Null();
        w.Key("max_prompt_tokens").Null();
        w.Key("supported_parameters");
        if (endpoint->supported_parameters.empty()) {
            w.BeginArray();
            for (std::string_view p : routing::DefaultSupportedParameters()) {
                w.String(p);
            }
            w.EndArray();
        } else {
            WriteStrings(w, endpoint->supported_parameters);
        }
        w.Key("status").Int(endpoint->provider->routable ? 0 : -1);
        w.Key("uptime_last_5m").Null();
        w.Key("uptime_last_30m").Null();
        w.Key("uptime_last_1d").Null();
        w.Key("latency_last_30m").Null();
        w.Key("throughput_last_30m").Null();
        w.Key("supports_implicit_caching").Bool(false);
        const bool tools = endpoint->Supports("tools");
        w.Key("supports_tool_choice").BeginObject();
        w.Key("auto").Bool(tools).Key("function").Bool(tools).Key("none").Bool(tools).Key("required").Bool(tools);
        w.EndObject();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject().EndObject();
    return out;
}

}  // namespace switchyard::api
