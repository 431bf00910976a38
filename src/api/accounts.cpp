#include "api/accounts.hpp"

#include <future>
#include <set>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>

namespace switchyard::api {
namespace {

using core::Errc;
using core::Picodollars;

constexpr std::string_view kOperator = "operator";

ratelimit::Rule KeyRule(const storage::KeyRow& row) {
    return ratelimit::Rule{"key-rate-limit", row.rate_limit_requests, std::max<std::int64_t>(row.rate_limit_interval_s, 1),
                           false};
}

/// Runs a store mutation and blocks until it is durable (start-up and the CLI only).
core::Result<void> SubmitBlocking(storage::Store& store, storage::Mutation mutation) {
    std::promise<core::Result<void>> promise;
    auto future = promise.get_future();
    store.Submit(std::move(mutation), [&promise](core::Result<void> result) { promise.set_value(std::move(result)); });
    return future.get();
}

}  // namespace

Accounts::Accounts(std::unique_ptr<storage::Store> store, const config::BillingConfig& billing, core::Clock& clock,
                   std::string_view admin_key)
    : store_(std::move(store)),
      billing_(billing),
      clock_(clock),
      keys_(std::make_shared<auth::KeyStore>(admin_key, clock)) {}

Accounts::~Accounts() { Close(); }

void Accounts::Close() {
    {
        std::lock_guard lock(poller_mutex_);
        stopping_ = true;
        poller_wake_.notify_all();
    }
    if (poller_.joinable()) {
        poller_.join();
    }
    if (store_) {
        store_->Close();
    }
}

void Accounts::PollExternalChanges() {
    store_->ExternalChanges(external_seq_.load(), core::UnixSeconds(clock_.SystemNow()), [this](auto result) {
        if (!result) {
            return;
        }
        if (result->second) {
            ApplyExternal(*result->second);
        }
        external_seq_.store(result->first);
    });
}

void Accounts::ApplyExternal(const storage::LoadedState& state) {
    for (const storage::AccountRow& account : state.accounts) {
        if (ledger_.Account(account.id)) {
            // Credits only: this process is the one writer of charges, and its in-memory usage
            // is ahead of the database by the settlements in flight.
            ledger_.SetCredits(account.id, account.credits);
        } else {
            ledger_.PutAccount(account.id, account.credits, account.usage);
        }
        std::lock_guard lock(rows_mutex_);
        purchased_[account.id] = account.purchased;
    }
    std::map<std::string, Picodollars> period(state.key_period_usage.begin(), state.key_period_usage.end());
    std::map<std::string, Picodollars> total(state.key_total_usage.begin(), state.key_total_usage.end());
    std::set<std::string> present;
    for (const storage::KeyRow& row : state.keys) {
        present.insert(row.hash);
        const billing::KeyState settings = KeyStateFor(row, period[row.hash], total[row.hash]);
        if (!ledger_.UpdateKeySettings(row.hash, settings)) {
            ledger_.PutKey(row.hash, settings);
        }
        IndexKey(row);
    }
    std::vector<std::string> removed;
    {
        std::lock_guard lock(rows_mutex_);
        for (const auto& [hash, row] : rows_) {
            if (present.count(hash) == 0) {
                removed.push_back(hash);
            }
        }
    }
    for (const std::string& hash : removed) {
        keys_->Remove(hash);
        ledger_.RemoveKey(hash);
        std::lock_guard lock(rows_mutex_);
        rows_.erase(hash);
    }
}

Picodollars Accounts::PlatformFee(Picodollars amount) const {
    const __int128 percent = static_cast<__int128>(amount) * billing_.platform_fee_basis_points;
    // Round the percentage up to the picodollar: the fee is never under the published rate.
    const auto fee = static_cast<Picodollars>((percent + 9'999) / 10'000);
    return std::max(fee, billing_.platform_fee_minimum);
}

billing::KeyState Accounts::KeyStateFor(const storage::KeyRow& row, Picodollars period_usage,
                                        Picodollars total_usage) const {
    billing::KeyState state;
    state.account = row.account;
    state.limit = row.limit;
    state.reset = row.limit_reset;
    state.include_byok_in_limit = row.include_byok_in_limit;
    state.disabled = row.disabled;
    state.period_start = billing::PeriodStart(row.limit_reset, core::UnixSeconds(clock_.SystemNow()));
    state.period_usage = period_usage;
    state.total_usage = total_usage;
    return state;
}

void Accounts::IndexKey(const storage::KeyRow& row) {
    auth::KeyEntry entry;
    entry.hash = row.hash;
    entry.prefix = std::string(auth::LookupPrefix(row.label));
    entry.account = row.account;
    entry.disabled = row.disabled;
    entry.expires_at = row.expires_at;
    keys_->Put(entry);
    std::lock_guard lock(rows_mutex_);
    rows_[row.hash] = row;
}

core::Result<std::string> Accounts::Open() {
    const std::int64_t now = core::UnixSeconds(clock_.SystemNow());
    auto loaded = store_->Open(now);
    if (!loaded) {
        return loaded.error();
    }
    bool have_operator = false;
    for (const storage::AccountRow& account : loaded->accounts) {
        ledger_.PutAccount(account.id, account.credits, account.usage);
        purchased_[account.id] = account.purchased;
        have_operator = have_operator || account.id == kOperator;
    }
    if (!have_operator) {
        storage::CreateAccount create;
        create.account.id = std::string(kOperator);
        create.account.name = "Operator";
        create.account.created_at = now;
        if (auto created = SubmitBlocking(*store_, std::move(create)); !created) {
            return created.error();
        }
        ledger_.PutAccount(std::string(kOperator), 0, 0);
    }
    std::map<std::string, Picodollars> period(loaded->key_period_usage.begin(), loaded->key_period_usage.end());
    std::map<std::string, Picodollars> total(loaded->key_total_usage.begin(), loaded->key_total_usage.end());
    for (const storage::KeyRow& row : loaded->keys) {
        ledger_.PutKey(row.hash, KeyStateFor(row, period[row.hash], total[row.hash]));
        IndexKey(row);
    }
    poller_ = std::thread([this] {
        std::unique_lock lock(poller_mutex_);
        while (!stopping_) {
            lock.unlock();
            PollExternalChanges();
            lock.lock();
            poller_wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
        }
    });
    return "loaded " + std::to_string(loaded->accounts.size() + (have_operator ? 0 : 1)) + " accounts and " +
           std::to_string(loaded->keys.size()) + " keys; released " + std::to_string(loaded->released_holds) +
           " holds left pending by the previous process";
}

net::Task<core::Result<void>> Accounts::Submit(storage::Mutation mutation) {
    // The store calls back on its writer thread; the coroutine resumes on its own executor.
    namespace asio = boost::asio;
    auto [result] = co_await asio::async_initiate<decltype(net::kUseTask), void(core::Result<void>)>(
        [this](auto handler, storage::Mutation m) {
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            store_->Submit(std::move(m), [shared](core::Result<void> r) {
                auto executor = asio::get_associated_executor(*shared);
                asio::post(executor, [shared, r = std::move(r)]() mutable { (*shared)(std::move(r)); });
            });
        },
        net::kUseTask, std::move(mutation));
    co_return result;
}

core::Result<Ticket> Accounts::Admit(const auth::Principal& principal, Picodollars worst_case, bool free,
                                     std::string hold_id) {
    const auto now = clock_.SystemNow();
    const std::int64_t now_unix = core::UnixSeconds(now);
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    if (!store_->Healthy()) {
        // Fail closed: nothing is served that could not be recorded.
        return core::MakeError(Errc::kOverloaded, "Accounting is unavailable; try again later",
                               "the store failed a write; admission stopped");
    }
    Ticket ticket;
    ticket.account = principal.account;
    ticket.key_hash = principal.key_hash;
    ticket.free = free;

    if (!principal.IsAdmin()) {
        std::optional<storage::KeyRow> row;
        {
            std::lock_guard lock(rows_mutex_);
            auto found = rows_.find(principal.key_hash);
            if (found != rows_.end()) {
                row = found->second;
            }
        }
        if (!row) {
            return core::MakeError(Errc::kInvalidKey, "Invalid API key");
        }
        ratelimit::Decision decision;
        if (free) {
            const std::int64_t per_day =
                Funded(row->account) ? billing_.free_requests_per_day_funded : billing_.free_requests_per_day;
            decision = limiter_.TakeAll(
                row->hash,
                {KeyRule(*row), ratelimit::Rule{"free-models-per-min", billing_.free_requests_per_minute, 60, false},
                 ratelimit::Rule{"free-models-per-day", per_day, 86'400, true}},
                now_ms);
        } else {
            decision = limiter_.Take(row->hash, KeyRule(*row), now_ms);
        }
        if (!decision.allowed) {
            core::Error error = core::MakeError(Errc::kRateLimited, "Rate limit exceeded: " + std::string(decision.rule));
            error.retry_after_s = decision.retry_after_s;
            return error;
        }
    }

    if (free) {
        // Free models cost nothing, but a negative balance still blocks them (as on OpenRouter).
        auto account = ledger_.Account(ticket.account);
        if (!principal.IsAdmin() && account && account->Available() < 0) {
            return core::MakeError(Errc::kInsufficientCredits, "Insufficient credits: the account balance is negative");
        }
        return ticket;
    }

    billing::Hold hold{hold_id, ticket.account, ticket.key_hash, worst_case};
    billing::PlaceOptions options;
    options.enforce_balance = !principal.IsAdmin();
    const billing::Admission admission = ledger_.Place(hold, now_unix, options);
    switch (admission.denial) {
        case billing::Denial::kNone: break;
        case billing::Denial::kBalance:
            return core::MakeError(Errc::kInsufficientCredits,
                                   "Insufficient credits: this request can cost up to $" + core::FormatUsd(worst_case) +
                                       " and the account has $" + core::FormatUsd(admission.available) + " available");
        case billing::Denial::kKeyLimit:
            return core::MakeError(Errc::kKeyLimitExceeded,
                                   "Key limit exceeded: this request can cost up to $" + core::FormatUsd(worst_case) +
                                       " and the key has $" + core::FormatUsd(admission.available) + " left");
        case billing::Denial::kUnknownAccount:
        case billing::Denial::kUnknownKey:
            return core::MakeError(Errc::kInvalidKey, "Invalid API key", "no ledger entry for the key or account");
        case billing::Denial::kDuplicateHold:
            return core::MakeError(Errc::kInternal, "Internal error", "duplicate hold id " + hold_id);
    }
    ticket.hold_id = std::move(hold_id);
    ticket.held = worst_case;
    // The hold is journaled without waiting: if the process dies before it is durable, the
    // request never finished either, and recovery would have released it anyway.
    store_->Submit(storage::PlaceHold{hold, now_unix}, nullptr);
    return ticket;
}

net::Task<core::Result<void>> Accounts::Settle(const Ticket& ticket, storage::GenerationRecord generation) {
    if (ticket.hold_id.empty()) {
        generation.total_cost = 0;
        store_->Submit(storage::RecordGeneration{std::move(generation)}, nullptr);
        co_return core::Result<void>{};
    }
    const billing::Settlement settlement =
        ledger_.Settle(ticket.hold_id, generation.total_cost, core::UnixSeconds(clock_.SystemNow()));
    if (!settlement.found) {
        co_return core::MakeError(Errc::kInternal, "Internal error", "hold " + ticket.hold_id + " is not pending");
    }
    generation.total_cost = settlement.charged;
    generation.overage = settlement.overage;
    storage::SettleHold settle;
    settle.hold_id = ticket.hold_id;
    settle.charged = settlement.charged;
    settle.generation = std::move(generation);
    co_return co_await Submit(std::move(settle));
}

void Accounts::Release(const Ticket& ticket, std::optional<storage::GenerationRecord> generation) {
    if (generation) {
        generation->total_cost = 0;
    }
    if (ticket.hold_id.empty()) {
        if (generation) {
            store_->Submit(storage::RecordGeneration{std::move(*generation)}, nullptr);
        }
        return;
    }
    if (!ledger_.Release(ticket.hold_id)) {
        return;
    }
    storage::ReleaseHold release;
    release.hold_id = ticket.hold_id;
    release.at = core::UnixSeconds(clock_.SystemNow());
    release.generation = std::move(generation);
    store_->Submit(std::move(release), nullptr);
}

net::Task<core::Result<std::pair<std::string, storage::KeyRow>>> Accounts::CreateKey(NewKey key) {
    if (!ledger_.Account(key.account)) {
        co_return core::MakeError(Errc::kInvalidRequest, "No such account: " + key.account);
    }
    const std::string secret = auth::GenerateUserKey();
    const std::int64_t now = core::UnixSeconds(clock_.SystemNow());
    storage::KeyRow row;
    row.hash = auth::Sha256Hex(secret);
    row.account = key.account;
    row.name = key.name;
    row.label = auth::KeyLabel(secret);
    row.limit = key.limit;
    row.limit_reset = key.limit_reset;
    row.include_byok_in_limit = key.include_byok_in_limit;
    row.expires_at = key.expires_at;
    row.rate_limit_requests = key.rate_limit_requests;
    row.rate_limit_interval_s = key.rate_limit_interval_s;
    row.created_at = now;
    row.updated_at = now;
    if (auto stored = co_await Submit(storage::PutKey{row}); !stored) {
        co_return stored.error();
    }
    ledger_.PutKey(row.hash, KeyStateFor(row, 0, 0));
    IndexKey(row);
    co_return std::make_pair(secret, row);
}

net::Task<core::Result<storage::KeyRow>> Accounts::UpdateKey(storage::KeyRow row) {
    row.updated_at = core::UnixSeconds(clock_.SystemNow());
    if (auto stored = co_await Submit(storage::PutKey{row}); !stored) {
        co_return stored.error();
    }
    auto current = ledger_.Key(row.hash, core::UnixSeconds(clock_.SystemNow()));
    ledger_.PutKey(row.hash, KeyStateFor(row, current ? current->period_usage : 0, current ? current->total_usage : 0));
    IndexKey(row);
    co_return row;
}

net::Task<core::Result<void>> Accounts::DeleteKey(std::string hash) {
    if (auto stored = co_await Submit(storage::DeleteKey{hash, core::UnixSeconds(clock_.SystemNow())}); !stored) {
        co_return stored.error();
    }
    keys_->Remove(hash);
    ledger_.RemoveKey(hash);
    std::lock_guard lock(rows_mutex_);
    rows_.erase(hash);
    co_return core::Result<void>{};
}

net::Task<core::Result<void>> Accounts::CreateAccount(std::string id, std::string name) {
    if (ledger_.Account(id)) {
        co_return core::MakeError(Errc::kInvalidRequest, "The account " + id + " already exists");
    }
    storage::CreateAccount create;
    create.account.id = id;
    create.account.name = std::move(name);
    create.account.created_at = core::UnixSeconds(clock_.SystemNow());
    if (auto stored = co_await Submit(std::move(create)); !stored) {
        co_return stored.error();
    }
    ledger_.PutAccount(id, 0, 0);
    co_return core::Result<void>{};
}

net::Task<core::Result<Picodollars>> Accounts::TopUp(std::string account, Picodollars amount, bool paid,
                                                      std::string note) {
    if (!ledger_.Account(account)) {
        co_return core::MakeError(Errc::kInvalidRequest, "No such account: " + account);
    }
    if (amount <= 0) {
        co_return core::MakeError(Errc::kInvalidRequest, "The amount must be positive");
    }
    storage::TopUp topup;
    topup.account = account;
    topup.amount = amount;
    topup.fee = paid ? PlatformFee(amount) : 0;
    topup.paid = paid;
    topup.note = std::move(note);
    topup.at = core::UnixSeconds(clock_.SystemNow());
    const Picodollars fee = topup.fee;
    if (auto stored = co_await Submit(std::move(topup)); !stored) {
        co_return stored.error();
    }
    ledger_.TopUp(account, amount);
    if (paid) {
        std::lock_guard lock(rows_mutex_);
        purchased_[account] += amount;
    }
    co_return fee;
}

std::optional<KeyView> Accounts::Key(const std::string& hash) const {
    storage::KeyRow row;
    {
        std::lock_guard lock(rows_mutex_);
        auto found = rows_.find(hash);
        if (found == rows_.end()) {
            return std::nullopt;
        }
        row = found->second;
    }
    auto state = ledger_.Key(hash, core::UnixSeconds(clock_.SystemNow()));
    return KeyView{row, state.value_or(billing::KeyState{})};
}

std::vector<KeyView> Accounts::Keys(const std::string& account) const {
    std::vector<storage::KeyRow> rows;
    {
        std::lock_guard lock(rows_mutex_);
        for (const auto& [hash, row] : rows_) {
            if (account.empty() || row.account == account) {
                rows.push_back(row);
            }
        }
    }
    std::sort(rows.begin(), rows.end(), [](const storage::KeyRow& a, const storage::KeyRow& b) {
        return a.created_at != b.created_at ? a.created_at < b.created_at : a.hash < b.hash;
    });
    std::vector<KeyView> out;
    const std::int64_t now = core::UnixSeconds(clock_.SystemNow());
    for (storage::KeyRow& row : rows) {
        auto state = ledger_.Key(row.hash, now);
        out.push_back(KeyView{std::move(row), state.value_or(billing::KeyState{})});
    }
    return out;
}

std::optional<billing::AccountState> Accounts::Account(const std::string& id) const { return ledger_.Account(id); }

bool Accounts::Funded(const std::string& account) const {
    std::lock_guard lock(rows_mutex_);
    auto found = purchased_.find(account);
    return found != purchased_.end() && found->second >= billing_.funded_threshold;
}

std::pair<std::int64_t, std::int64_t> Accounts::FreeRequestsToday(const std::string& key,
                                                                  const std::string& account) const {
    const std::int64_t per_day =
        Funded(account) ? billing_.free_requests_per_day_funded : billing_.free_requests_per_day;
    const auto now = clock_.SystemNow();
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    return {limiter_.Used(key, ratelimit::Rule{"free-models-per-day", per_day, 86'400, true}, now_ms), per_day};
}

}  // namespace switchyard::api
