#pragma once
// The in-memory ledger: account balances, per-key spending limits and holds, as a pure state
// machine (docs/ledger.md). It decides admission atomically — a hold is placed only if the
// account's available balance and the key's remaining limit both cover it — so concurrent
// requests can never together overdraw either. Durability is the store's job: every state change
// here has a matching journal entry there, written in the same order.
//
// Thread-safe (one mutex; every operation is a few map lookups).

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/money.hpp"

namespace switchyard::billing {

using core::Picodollars;

enum class LimitReset : std::uint8_t { kNever, kDaily, kWeekly, kMonthly };

std::string_view LimitResetName(LimitReset reset);  // "daily", ... ; kNever → ""
std::optional<LimitReset> ParseLimitReset(std::string_view text);  // "" / "never" → kNever

/// Start (UTC) of the period containing `now`: midnight for daily, Monday midnight for weekly,
/// the 1st at midnight for monthly; the epoch for kNever. Unix seconds.
std::int64_t PeriodStart(LimitReset reset, std::int64_t now_unix);

struct AccountState {
    Picodollars credits = 0;  // everything ever added (initial credits and top-ups)
    Picodollars usage = 0;    // everything ever charged
    Picodollars pending = 0;  // held for requests in flight
    Picodollars Balance() const { return credits - usage; }
    Picodollars Available() const { return credits - usage - pending; }
};

struct KeyState {
    std::string account;
    std::optional<Picodollars> limit;  // nullopt: no limit of its own
    LimitReset reset = LimitReset::kNever;
    bool include_byok_in_limit = false;
    bool disabled = false;
    std::int64_t period_start = 0;  // of period_usage
    Picodollars period_usage = 0;   // charged in the current period (what the limit counts)
    Picodollars pending = 0;
    Picodollars total_usage = 0;
};

struct Hold {
    std::string id;
    std::string account;
    std::string key_hash;
    Picodollars amount = 0;
};

enum class Denial : std::uint8_t { kNone, kUnknownAccount, kUnknownKey, kBalance, kKeyLimit, kDuplicateHold };

struct Admission {
    Denial denial = Denial::kNone;
    /// What the request could have used: the smaller of the account's available balance and the
    /// key's remaining limit (for the 402 message).
    Picodollars available = 0;
    bool admitted() const { return denial == Denial::kNone; }
};

struct PlaceOptions {
    /// BYOK requests count toward the key's limit only when the key says so.
    bool counts_toward_key_limit = true;
    /// False for the admin key: the operator's own traffic is recorded against the operator
    /// account but not refused for lack of balance.
    bool enforce_balance = true;
};

struct Settlement {
    bool found = false;          // false: unknown or already resolved hold (nothing changed)
    Picodollars charged = 0;     // min(cost, held): never more than was held
    Picodollars overage = 0;     // cost beyond the hold, recorded, not charged
};

class Ledger {
public:
    // --- loading state (start-up, from the store) ---------------------------------------------
    void PutAccount(const std::string& id, Picodollars credits, Picodollars usage);
    /// Sets an account's credits (another process topped it up); usage and holds are kept.
    void SetCredits(const std::string& id, Picodollars credits);
    /// Changes a key's settings, keeping its usage and holds.
    bool UpdateKeySettings(const std::string& hash, const KeyState& settings);
    void PutKey(const std::string& hash, KeyState state);
    void RemoveKey(const std::string& hash);

    // --- the data plane ------------------------------------------------------------------------
    /// Places `hold` if the account and the key can both cover it (see PlaceOptions).
    /// `now_unix` rolls the key's period if needed.
    Admission Place(const Hold& hold, std::int64_t now_unix, PlaceOptions options = {});
    /// Resolves a hold with its real cost: charges min(cost, held) and releases the rest.
    /// A second call for the same hold changes nothing (found = false).
    Settlement Settle(const std::string& hold_id, Picodollars cost, std::int64_t now_unix);
    /// Releases a hold without charge. False when it was not pending.
    bool Release(const std::string& hold_id);

    // --- operator actions ----------------------------------------------------------------------
    bool TopUp(const std::string& account, Picodollars amount);
    bool SetKeyDisabled(const std::string& hash, bool disabled);

    // --- views ---------------------------------------------------------------------------------
    std::optional<AccountState> Account(const std::string& id) const;
    std::optional<KeyState> Key(const std::string& hash, std::int64_t now_unix) const;
    std::size_t PendingHolds() const;
    std::vector<Hold> Holds() const;

    /// Sum over accounts of pending == sum of pending holds, and per key likewise; for tests and
    /// `credits audit`. Returns a description of the first violation, or empty.
    std::string CheckInvariants() const;

private:
    void RollPeriod(KeyState& key, std::int64_t now_unix) const;

    mutable std::mutex mutex_;
    std::map<std::string, AccountState> accounts_;
    std::unordered_map<std::string, KeyState> keys_;
    std::unordered_map<std::string, Hold> holds_;  // pending only
    std::unordered_map<std::string, bool> hold_counts_key_;
    std::map<std::string, bool> unenforced_accounts_;  // accounts with admin-key usage (may go negative)
};

}  // namespace switchyard::billing
