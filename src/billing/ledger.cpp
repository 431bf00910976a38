#include "billing/ledger.hpp"

#include <algorithm>
#include <chrono>

namespace switchyard::billing {

std::string_view LimitResetName(LimitReset reset) {
    switch (reset) {
        case LimitReset::kNever: return "";
        case LimitReset::kDaily: return "daily";
        case LimitReset::kWeekly: return "weekly";
        case LimitReset::kMonthly: return "monthly";
    }
    return "";
}

std::optional<LimitReset> ParseLimitReset(std::string_view text) {
    if (text.empty() || text == "never") return LimitReset::kNever;
    if (text == "daily") return LimitReset::kDaily;
    if (text == "weekly") return LimitReset::kWeekly;
    if (text == "monthly") return LimitReset::kMonthly;
    return std::nullopt;
}

std::int64_t PeriodStart(LimitReset reset, std::int64_t now_unix) {
    using namespace std::chrono;
    constexpr std::int64_t kDay = 86'400;
    const std::int64_t day_start = now_unix - ((now_unix % kDay) + kDay) % kDay;
    switch (reset) {
        case LimitReset::kNever: return 0;
        case LimitReset::kDaily: return day_start;
        case LimitReset::kWeekly: {
            // 1970-01-01 was a Thursday; weeks start on Monday (OpenRouter's limit_reset).
            const std::int64_t days = day_start / kDay;
            const std::int64_t weekday = ((days + 3) % 7 + 7) % 7;  // 0 = Monday
            return day_start - weekday * kDay;
        }
        case LimitReset::kMonthly: {
            const sys_days day{days{day_start / kDay}};
            const year_month_day ymd{day};
            const sys_days first{ymd.year() / ymd.month() / std::chrono::day{1}};
            return first.time_since_epoch().count() * kDay;
        }
    }
    return 0;
}

void Ledger::PutAccount(const std::string& id, Picodollars credits, Picodollars usage) {
    std::lock_guard lock(mutex_);
    AccountState& account = accounts_[id];
    account.credits = credits;
    account.usage = usage;
}

void Ledger::SetCredits(const std::string& id, Picodollars credits) {
    std::lock_guard lock(mutex_);
    accounts_[id].credits = credits;
}

bool Ledger::UpdateKeySettings(const std::string& hash, const KeyState& settings) {
    std::lock_guard lock(mutex_);
    auto found = keys_.find(hash);
    if (found == keys_.end()) {
        return false;
    }
    KeyState& key = found->second;
    key.account = settings.account;
    key.limit = settings.limit;
    key.include_byok_in_limit = settings.include_byok_in_limit;
    key.disabled = settings.disabled;
    if (key.reset != settings.reset) {
        key.reset = settings.reset;
        key.period_start = settings.period_start;
        key.period_usage = settings.period_usage;
    }
    return true;
}

void Ledger::PutKey(const std::string& hash, KeyState state) {
    std::lock_guard lock(mutex_);
    auto existing = keys_.find(hash);
    if (existing != keys_.end()) {
        // Holds in flight stay counted when a key's settings change.
        state.pending = existing->second.pending;
    }
    keys_[hash] = std::move(state);
}

void Ledger::RemoveKey(const std::string& hash) {
    std::lock_guard lock(mutex_);
    keys_.erase(hash);
}

void Ledger::RollPeriod(KeyState& key, std::int64_t now_unix) const {
    const std::int64_t start = PeriodStart(key.reset, now_unix);
    if (start > key.period_start) {
        key.period_start = start;
        key.period_usage = 0;
    }
}

Admission Ledger::Place(const Hold& hold, std::int64_t now_unix, PlaceOptions options) {
    const bool counts_toward_key_limit = options.counts_toward_key_limit;
    std::lock_guard lock(mutex_);
    Admission result;
    if (holds_.count(hold.id) != 0) {
        result.denial = Denial::kDuplicateHold;
        return result;
    }
    auto account = accounts_.find(hold.account);
    if (account == accounts_.end()) {
        result.denial = Denial::kUnknownAccount;
        return result;
    }
    KeyState* key = nullptr;
    if (!hold.key_hash.empty()) {
        auto found = keys_.find(hold.key_hash);
        if (found == keys_.end()) {
            result.denial = Denial::kUnknownKey;
            return result;
        }
        key = &found->second;
        RollPeriod(*key, now_unix);
    }
    Picodollars available = account->second.Available();
    Denial denial = Denial::kBalance;
    if (key != nullptr && key->limit && counts_toward_key_limit) {
        const Picodollars key_room = *key->limit - key->period_usage - key->pending;
        if (key_room < available) {
            available = key_room;
            denial = Denial::kKeyLimit;
        }
    }
    result.available = std::max<Picodollars>(available, 0);
    if (!options.enforce_balance) {
        unenforced_accounts_[hold.account] = true;
    } else if (hold.amount > available) {
        result.denial = denial;
        return result;
    }
    account->second.pending += hold.amount;
    if (key != nullptr) {
        key->pending += hold.amount;
    }
    holds_.emplace(hold.id, hold);
    hold_counts_key_[hold.id] = counts_toward_key_limit;
    return result;
}

Settlement Ledger::Settle(const std::string& hold_id, Picodollars cost, std::int64_t now_unix) {
    std::lock_guard lock(mutex_);
    Settlement result;
    auto found = holds_.find(hold_id);
    if (found == holds_.end()) {
        return result;
    }
    const Hold hold = std::move(found->second);
    holds_.erase(found);
    const bool counts = hold_counts_key_[hold_id];
    hold_counts_key_.erase(hold_id);
    result.found = true;
    result.charged = std::clamp<Picodollars>(cost, 0, hold.amount);
    result.overage = std::max<Picodollars>(cost - hold.amount, 0);
    AccountState& account = accounts_[hold.account];
    account.pending -= hold.amount;
    account.usage += result.charged;
    if (!hold.key_hash.empty()) {
        auto key = keys_.find(hold.key_hash);
        if (key != keys_.end()) {
            key->second.pending -= hold.amount;
            RollPeriod(key->second, now_unix);
            key->second.total_usage += result.charged;
            if (counts) {
                key->second.period_usage += result.charged;
            }
        }
    }
    return result;
}

bool Ledger::Release(const std::string& hold_id) {
    std::lock_guard lock(mutex_);
    auto found = holds_.find(hold_id);
    if (found == holds_.end()) {
        return false;
    }
    const Hold& hold = found->second;
    accounts_[hold.account].pending -= hold.amount;
    if (!hold.key_hash.empty()) {
        auto key = keys_.find(hold.key_hash);
        if (key != keys_.end()) {
            key->second.pending -= hold.amount;
        }
    }
    hold_counts_key_.erase(hold_id);
    holds_.erase(found);
    return true;
}

bool Ledger::TopUp(const std::string& account, Picodollars amount) {
    std::lock_guard lock(mutex_);
    auto found = accounts_.find(account);
    if (found == accounts_.end() || amount <= 0) {
        return false;
    }
    found->second.credits += amount;
    return true;
}

bool Ledger::SetKeyDisabled(const std::string& hash, bool disabled) {
    std::lock_guard lock(mutex_);
    auto found = keys_.find(hash);
    if (found == keys_.end()) {
        return false;
    }
    found->second.disabled = disabled;
    return true;
}

std::optional<AccountState> Ledger::Account(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto found = accounts_.find(id);
    if (found == accounts_.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::optional<KeyState> Ledger::Key(const std::string& hash, std::int64_t now_unix) const {
    std::lock_guard lock(mutex_);
    auto found = keys_.find(hash);
    if (found == keys_.end()) {
        return std::nullopt;
    }
    KeyState copy = found->second;
    RollPeriod(copy, now_unix);
    return copy;
}

std::size_t Ledger::PendingHolds() const {
    std::lock_guard lock(mutex_);
    return holds_.size();
}

std::vector<Hold> Ledger::Holds() const {
    std::lock_guard lock(mutex_);
    std::vector<Hold> out;
    out.reserve(holds_.size());
    for (const auto& [id, hold] : holds_) {
        out.push_back(hold);
    }
    return out;
}

std::string Ledger::CheckInvariants() const {
    std::lock_guard lock(mutex_);
    std::map<std::string, Picodollars> account_pending;
    std::unordered_map<std::string, Picodollars> key_pending;
    for (const auto& [id, hold] : holds_) {
        account_pending[hold.account] += hold.amount;
        if (!hold.key_hash.empty()) {
            key_pending[hold.key_hash] += hold.amount;
        }
    }
    for (const auto& [id, account] : accounts_) {
        if (account.pending != account_pending[id]) {
            return "account " + id + ": pending " + core::FormatUsd(account.pending) + " != held " +
                   core::FormatUsd(account_pending[id]);
        }
        if (account.pending < 0) {
            return "account " + id + ": negative pending";
        }
        if (account.Available() < 0 && unenforced_accounts_.count(id) == 0) {
            return "account " + id + ": overdrawn (available " + core::FormatUsd(account.Available()) + ")";
        }
    }
    for (const auto& [hash, key] : keys_) {
        if (key.pending != key_pending[hash]) {
            return "key " + hash.substr(0, 12) + ": pending does not match its holds";
        }
        if (key.limit && key.period_usage + key.pending > *key.limit) {
            return "key " + hash.substr(0, 12) + ": over its limit";
        }
    }
    return {};
}

}  // namespace switchyard::billing
