#pragma once
// The accounting shell around the pure ledger: admission (rate limits, free-model limits, the
// hold), settlement made durable before a response's last byte, releases, generation records,
// and the operator actions (keys, credits). The ledger decides; the store remembers; this
// class keeps them in step and bridges the store's threads back to the request's coroutine.
// See docs/ledger.md.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/keys.hpp"
#include "billing/ledger.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "net/asio.hpp"
#include "ratelimit/limiter.hpp"
#include "storage/store.hpp"

namespace switchyard::api {

/// What admission decided for one request.
struct Ticket {
    std::string hold_id;      // empty: nothing held (free request)
    core::Picodollars held = 0;
    std::string account;
    std::string key_hash;     // empty for the admin key
    bool free = false;
};

/// One key as the key-management API shows it.
struct KeyView {
    storage::KeyRow row;
    billing::KeyState state;  // usage in the current period, pending holds
};

class Accounts {
public:
    Accounts(std::unique_ptr<storage::Store> store, const config::BillingConfig& billing, core::Clock& clock,
             std::string_view admin_key);
    ~Accounts();

    /// Opens the store, recovers, loads the ledger and key index, ensures the `operator` account.
    /// Start-up only (blocking). Returns a description of what recovery did, or an error.
    core::Result<std::string> Open();
    /// Finishes queued writes and closes the store (shutdown).
    void Close();
    /// Applies changes another process (the CLI) made to accounts and keys, if any. Called about
    /// once a second by the poller Open() starts.
    void PollExternalChanges();

    auth::KeyStore& keys() { return *keys_; }
    std::shared_ptr<const auth::KeyVerifier> verifier() const { return keys_; }
    billing::Ledger& ledger() { return ledger_; }
    storage::Store& store() { return *store_; }
    bool Healthy() const { return store_->Healthy(); }

    /// Admission: the key's own rate limit, the free-model limits when every candidate endpoint
    /// is free, then a hold for `worst_case`. Errors: 429 (with retry-after), 402 (with what is
    /// available), 503 when the store cannot record anything.
    core::Result<Ticket> Admit(const auth::Principal& principal, core::Picodollars worst_case, bool free,
                               std::string hold_id);

    /// Charges the ticket min(cost, held), records the generation, and returns once that is
    /// durable: call before the last byte of the answer goes out.
    net::Task<core::Result<void>> Settle(const Ticket& ticket, storage::GenerationRecord generation);
    /// Releases the hold without charge (a request that failed, or was not billed); the record
    /// is written too. Does not wait.
    void Release(const Ticket& ticket, std::optional<storage::GenerationRecord> generation);

    // --- operator actions (await durability) ---------------------------------------------------
    struct NewKey {
        std::string name;
        std::string account = "operator";
        std::optional<core::Picodollars> limit;
        billing::LimitReset limit_reset = billing::LimitReset::kNever;
        bool include_byok_in_limit = false;
        std::optional<std::int64_t> expires_at;
        std::int64_t rate_limit_requests = 0;
        std::int64_t rate_limit_interval_s = 0;
    };
    /// Creates a key; returns it once (plaintext) with its row.
    net::Task<core::Result<std::pair<std::string, storage::KeyRow>>> CreateKey(NewKey key);
    net::Task<core::Result<storage::KeyRow>> UpdateKey(storage::KeyRow row);
    net::Task<core::Result<void>> DeleteKey(std::string hash);
    net::Task<core::Result<void>> CreateAccount(std::string id, std::string name);
    /// Adds credits; returns the platform fee recorded with the purchase.
    net::Task<core::Result<core::Picodollars>> TopUp(std::string account, core::Picodollars amount, bool paid,
                                                      std::string note);

    std::optional<KeyView> Key(const std::string& hash) const;
    std::vector<KeyView> Keys(const std::string& account) const;
    std::optional<billing::AccountState> Account(const std::string& id) const;
    bool Funded(const std::string& account) const;  // bought ≥ the funded threshold
    /// Free-model requests used today by a key, and its daily allowance.
    std::pair<std::int64_t, std::int64_t> FreeRequestsToday(const std::string& key, const std::string& account) const;

    /// The platform fee for buying `amount` of credits.
    core::Picodollars PlatformFee(core::Picodollars amount) const;

private:
    net::Task<core::Result<void>> Submit(storage::Mutation mutation);
    void IndexKey(const storage::KeyRow& row);
    billing::KeyState KeyStateFor(const storage::KeyRow& row, core::Picodollars period_usage,
                                  core::Picodollars total_usage) const;

    std::unique_ptr<storage::Store> store_;
    config::BillingConfig billing_;
    core::Clock& clock_;
    billing::Ledger ledger_;
    std::shared_ptr<auth::KeyStore> keys_;
    ratelimit::Limiter limiter_;
    void ApplyExternal(const storage::LoadedState& state);

    std::atomic<std::int64_t> external_seq_{-1};
    std::thread poller_;
    std::mutex poller_mutex_;
    std::condition_variable poller_wake_;
    bool stopping_ = false;
    mutable std::mutex rows_mutex_;
    std::map<std::string, storage::KeyRow> rows_;                   // by hash
    std::map<std::string, core::Picodollars> purchased_;            // by account
};

}  // namespace switchyard::api
