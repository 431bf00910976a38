#pragma once
// The durable store: accounts, API keys, credit top-ups, holds and their settlements, and the
// generation records. An interface, so that a PostgreSQL implementation can follow the SQLite
// one without touching callers (docs/ledger.md).
//
// Threading: Submit and Query may be called from any thread and never block it; the work runs on
// the store's own threads and `done` is called there — callers hop back to their executor.
// Mutations are applied in submission order and group-committed: many per transaction, one
// write-ahead-log commit for the batch. `done` runs after the batch's commit, so "done without
// error" means durable.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "billing/ledger.hpp"
#include "core/error.hpp"
#include "core/money.hpp"

namespace switchyard::storage {

using core::Picodollars;

struct AccountRow {
    std::string id;
    std::string name;
    std::int64_t created_at = 0;
    Picodollars credits = 0;    // every top-up
    Picodollars usage = 0;      // every charge
    Picodollars purchased = 0;  // paid top-ups (unlocks the higher free-model allowance)
};

struct KeyRow {
    std::string hash;     // hex SHA-256 of the key
    std::string account;
    std::string name;
    std::string label;    // "sk-sy-v1-abc...wxyz": enough to recognise, never the key
    std::optional<Picodollars> limit;
    billing::LimitReset limit_reset = billing::LimitReset::kNever;
    bool include_byok_in_limit = false;
    std::optional<std::int64_t> expires_at;
    bool disabled = false;
    std::int64_t rate_limit_requests = 0;  // 0: the server default
    std::int64_t rate_limit_interval_s = 0;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

/// Everything switchyard records about one request (OpenRouter's GET /generation fields).
struct GenerationRecord {
    std::string id;  // gen-...
    std::string request_id;
    std::string account;
    std::string key_hash;
    std::string model;
    std::string provider;  // display name
    std::string provider_id;
    std::string upstream_id;
    std::string api_type = "chat";
    std::string finish_reason;
    std::string native_finish_reason;
    std::int64_t native_tokens_prompt = 0;
    std::int64_t native_tokens_completion = 0;
    std::int64_t native_tokens_reasoning = 0;
    std::int64_t native_tokens_cached = 0;
    std::int64_t native_tokens_cache_write = 0;
    std::int64_t tokens_prompt = 0;  // normalised (GPT tokenizer)
    std::int64_t tokens_completion = 0;
    bool tokens_estimated = false;
    Picodollars total_cost = 0;  // what the account was charged, fees included
    Picodollars upstream_cost = 0;
    Picodollars byok_fee = 0;
    Picodollars overage = 0;  // cost beyond the hold: recorded, not charged
    bool is_byok = false;
    bool streamed = false;
    bool cancelled = false;
    std::int64_t latency_ms = 0;
    std::int64_t ttft_ms = -1;
    std::int64_t generation_time_ms = 0;
    std::string http_referer;
    std::string app_title;
    std::string error_code;
    std::string router_trace;  // JSON, when routing metadata was asked for
    std::int64_t created_at = 0;
};

// --- mutations (journaled, in order) ---------------------------------------------------------

struct CreateAccount {
    AccountRow account;
};
struct TopUp {
    std::string account;
    Picodollars amount = 0;
    Picodollars fee = 0;  // the platform fee the buyer paid on top
    bool paid = true;     // false: a grant (does not count as purchased)
    std::string note;
    std::int64_t at = 0;
};
struct PutKey {
    KeyRow key;  // insert or replace
};
struct DeleteKey {
    std::string hash;
    std::int64_t at = 0;
};
struct PlaceHold {
    billing::Hold hold;
    std::int64_t at = 0;
};
struct SettleHold {
    std::string hold_id;
    Picodollars charged = 0;  // includes byok_fee
    GenerationRecord generation;
};
struct ReleaseHold {
    std::string hold_id;
    std::int64_t at = 0;
    /// The record of a request that failed before any output (no charge), when there is one.
    std::optional<GenerationRecord> generation;
};
/// A generation record without a hold (a request that was never admitted as paid work).
struct RecordGeneration {
    GenerationRecord generation;
};
struct PutByok {
    std::string account;
    std::string provider;
    std::string ciphertext;
    std::string nonce;
    std::string key_id;
    std::int64_t at = 0;
};
struct DeleteByok {
    std::string account;
    std::string provider;
};
/// Tells a running server that another process changed accounts or keys.
struct BumpExternalChanges {};

using Mutation = std::variant<CreateAccount, TopUp, PutKey, DeleteKey, PlaceHold, SettleHold, ReleaseHold,
                              RecordGeneration, PutByok, DeleteByok, BumpExternalChanges>;

// --- reads -------------------------------------------------------------------------------------

struct ActivityRow {
    std::string date;  // YYYY-MM-DD (UTC)
    std::string model;
    std::string provider;
    std::int64_t requests = 0;
    std::int64_t prompt_tokens = 0;
    std::int64_t completion_tokens = 0;
    std::int64_t reasoning_tokens = 0;
    Picodollars usage = 0;
    Picodollars byok_fee = 0;
};

/// What the store holds at start-up, after recovery.
struct LoadedState {
    std::vector<AccountRow> accounts;
    std::vector<KeyRow> keys;
    /// Per key: charges since the start of its current limit period, and in total.
    std::vector<std::pair<std::string, Picodollars>> key_period_usage;
    std::vector<std::pair<std::string, Picodollars>> key_total_usage;
    std::size_t released_holds = 0;  // pending holds a crash left behind, released by recovery
};

/// The ledger invariants checked against the durable data (`credits audit`).
struct AuditReport {
    bool ok = true;
    std::vector<std::string> problems;
    core::Sum128 credits;      // every top-up
    core::Sum128 charges;      // every charge
    core::Sum128 generations;  // every generation's total_cost
    std::int64_t pending_holds = 0;
    std::int64_t settled_holds = 0;
    std::int64_t released_holds = 0;
};

class Store {
public:
    using Done = std::function<void(core::Result<void>)>;

    virtual ~Store() = default;

    /// Opens, migrates, and returns the state to load into the in-memory ledger. With `recover`
    /// (the server at start-up) it first releases holds a crash left pending; the CLI, which may
    /// run beside a live server, opens without. Blocking.
    virtual core::Result<LoadedState> Open(std::int64_t now_unix, bool recover = true) = 0;

    /// Journals `mutation`; `done` runs on a store thread once it is durable (or failed).
    virtual void Submit(Mutation mutation, Done done) = 0;

    // Reads; `done` runs on a store thread. Reads see every mutation whose `done` has run.
    virtual void GetGeneration(std::string id, std::function<void(core::Result<std::optional<GenerationRecord>>)> done) = 0;
    virtual void Activity(std::string account, std::int64_t since_unix,
                          std::function<void(core::Result<std::vector<ActivityRow>>)> done) = 0;
    virtual void ListKeys(std::string account, std::function<void(core::Result<std::vector<KeyRow>>)> done) = 0;
    /// The external-change counter and, when it differs from `known`, the accounts and keys as
    /// stored now (usage figures from the charges table).
    using ExternalChangesDone =
        std::function<void(core::Result<std::pair<std::int64_t, std::optional<LoadedState>>>)>;
    virtual void ExternalChanges(std::int64_t known, std::int64_t now_unix, ExternalChangesDone done) = 0;

    /// Blocking, for the CLI and start-up.
    virtual core::Result<AuditReport> Audit() = 0;

    /// Stops accepting work, finishes what was submitted, closes. Blocking.
    virtual void Close() = 0;

    /// False after a write failure (disk full, I/O error): callers stop admitting paid work.
    virtual bool Healthy() const = 0;
};

/// Opens the store for `url` ("sqlite:///path/to.db"); `synchronous_full` trades throughput for
/// durability across power loss (WAL with synchronous=NORMAL already survives process crashes).
core::Result<std::unique_ptr<Store>> MakeStore(const std::string& url, bool synchronous_full = false);

}  // namespace switchyard::storage
