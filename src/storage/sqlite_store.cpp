// The SQLite store: WAL journal, one writer thread that group-commits queued mutations (each in
// its own savepoint, so one failing mutation does not fail its batch), and one reader thread
// with its own connection. See docs/ledger.md.

#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include "storage/migrations.hpp"
#include "storage/store.hpp"

namespace switchyard::storage {
namespace {

using core::Errc;

core::Error DbError(sqlite3* db, std::string_view what) {
    return core::MakeError(Errc::kInternal, "Storage error",
                           std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : "no database"));
}

/// A prepared statement, reset after each use.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, std::string_view sql) {
        if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                               nullptr) != SQLITE_OK) {
            error_ = sqlite3_errmsg(db);
            stmt_ = nullptr;
        }
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)), error_(std::move(other.error_)) {}
    Statement& operator=(Statement&& other) noexcept {
        sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        error_ = std::move(other.error_);
        return *this;
    }

    bool ok() const { return stmt_ != nullptr; }
    const std::string& error() const { return error_; }

    Statement& Bind(int index, std::int64_t value) {
        sqlite3_bind_int64(stmt_, index, value);
        return *this;
    }
    Statement& Bind(int index, std::string_view value) {
        sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& BindBlob(int index, std::string_view value) {
        sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& BindNull(int index) {
        sqlite3_bind_null(stmt_, index);
        return *this;
    }
    template <class T>
    Statement& BindOptional(int index, const std::optional<T>& value) {
        return value ? Bind(index, static_cast<std::int64_t>(*value)) : BindNull(index);
    }

    /// Runs to completion; returns the sqlite result code (SQLITE_DONE on success).
    int Run() {
        int rc = SQLITE_ROW;
        while (rc == SQLITE_ROW) {
            rc = sqlite3_step(stmt_);
        }
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        return rc;
    }
    /// Steps once: SQLITE_ROW while rows remain. Call Reset() when done.
    int Step() { return sqlite3_step(stmt_); }
    void Reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    std::int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
    bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    std::string Text(int column) const {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        return text == nullptr ? std::string() : std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
    std::string error_;
};

int Exec(sqlite3* db, std::string_view sql) {
    return sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, nullptr);
}

core::Result<sqlite3*> OpenConnection(const std::string& path, bool synchronous_full) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        core::Error error = DbError(db, "cannot open " + path);
        sqlite3_close(db);
        return error;
    }
    sqlite3_busy_timeout(db, 10'000);
    // WAL: readers never block the writer. synchronous=NORMAL in WAL mode keeps every committed
    // transaction across a process crash (SQLite's own guarantee); FULL adds power-loss safety.
    const std::string pragmas = std::string("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=") +
                                (synchronous_full ? "FULL" : "NORMAL") + "; PRAGMA temp_store=MEMORY;";
    if (Exec(db, pragmas) != SQLITE_OK) {
        core::Error error = DbError(db, "cannot configure " + path);
        sqlite3_close(db);
        return error;
    }
    return db;
}

KeyRow ReadKey(const Statement& s) {
    // Column order: see kSelectKeys.
    KeyRow key;
    key.hash = s.Text(0);
    key.account = s.Text(1);
    key.name = s.Text(2);
    key.label = s.Text(3);
    if (!s.IsNull(4)) {
        key.limit = s.Int(4);
    }
    key.limit_reset = billing::ParseLimitReset(s.Text(5)).value_or(billing::LimitReset::kNever);
    key.include_byok_in_limit = s.Int(6) != 0;
    if (!s.IsNull(7)) {
        key.expires_at = s.Int(7);
    }
    key.disabled = s.Int(8) != 0;
    key.rate_limit_requests = s.Int(9);
    key.rate_limit_interval_s = s.Int(10);
    key.created_at = s.Int(11);
    key.updated_at = s.Int(12);
    return key;
}

constexpr std::string_view kSelectKeys =
    "SELECT hash, account_id, name, label, limit_pico, limit_reset, include_byok_in_limit, expires_at, disabled, "
    "rate_limit_requests, rate_limit_interval_s, created_at, updated_at FROM api_keys WHERE deleted_at IS NULL";

/// Accounts, keys and per-key usage as stored (db may be either connection).
core::Result<LoadedState> LoadState(sqlite3* db, std::int64_t now_unix) {
    LoadedState state;
    {
        Statement s(db, "SELECT id, name, created_at, credits, usage, purchased FROM accounts ORDER BY id");
        if (!s.ok()) {
            return DbError(db, "load accounts");
        }
        while (s.Step() == SQLITE_ROW) {
            state.accounts.push_back(AccountRow{s.Text(0), s.Text(1), s.Int(2), s.Int(3), s.Int(4), s.Int(5)});
        }
        s.Reset();
    }
    {
        Statement s(db, kSelectKeys);
        if (!s.ok()) {
            return DbError(db, "load keys");
        }
        while (s.Step() == SQLITE_ROW) {
            state.keys.push_back(ReadKey(s));
        }
        s.Reset();
    }
    Statement period(db,
                     "SELECT COALESCE(SUM(amount), 0) FROM charges WHERE key_hash = ? AND created_at >= ? AND "
                     "counts_toward_limit = 1");
    Statement total(db, "SELECT COALESCE(SUM(amount), 0) FROM charges WHERE key_hash = ?");
    if (!period.ok() || !total.ok()) {
        return DbError(db, "load key usage");
    }
    for (const KeyRow& key : state.keys) {
        period.Bind(1, key.hash).Bind(2, billing::PeriodStart(key.limit_reset, now_unix));
        state.key_period_usage.emplace_back(key.hash, period.Step() == SQLITE_ROW ? period.Int(0) : 0);
        period.Reset();
        total.Bind(1, key.hash);
        state.key_total_usage.emplace_back(key.hash, total.Step() == SQLITE_ROW ? total.Int(0) : 0);
        total.Reset();
    }
    return state;
}

class SqliteStore final : public Store {
public:
    SqliteStore(std::string path, bool synchronous_full) : path_(std::move(path)), synchronous_full_(synchronous_full) {}
    ~SqliteStore() override { Close(); }

    core::Result<LoadedState> Open(std::int64_t now_unix, bool recover) override;
    void Submit(Mutation mutation, Done done) override;
    void GetGeneration(std::string id, std::function<void(core::Result<std::optional<GenerationRecord>>)> done) override;
    void Activity(std::string account, std::int64_t since_unix,
                  std::function<void(core::Result<std::vector<ActivityRow>>)> done) override;
    void ListKeys(std::string account, std::function<void(core::Result<std::vector<KeyRow>>)> done) override;
    void ExternalChanges(std::int64_t known, std::int64_t now_unix, ExternalChangesDone done) override;
    core::Result<AuditReport> Audit() override;
    void Close() override;
    bool Healthy() const override { return healthy_.load(std::memory_order_relaxed); }

private:
    struct Pending {
        Mutation mutation;
        Done done;
    };

    core::Result<void> Migrate();
    core::Result<void> PrepareWriter();
    void WriterLoop();
    void ReaderLoop();
    void RunRead(std::function<void(sqlite3*)> job);
    core::Result<void> Apply(const Mutation& mutation);
    core::Result<void> Apply(const CreateAccount& m);
    core::Result<void> Apply(const TopUp& m);
    core::Result<void> Apply(const PutKey& m);
    core::Result<void> Apply(const DeleteKey& m);
    core::Result<void> Apply(const PlaceHold& m);
    core::Result<void> Apply(const SettleHold& m);
    core::Result<void> Apply(const ReleaseHold& m);
    core::Result<void> Apply(const RecordGeneration& m) { return InsertGeneration(m.generation); }
    core::Result<void> Apply(const PutByok& m);
    core::Result<void> Apply(const DeleteByok& m);
    core::Result<void> Apply(const BumpExternalChanges& m);
    core::Result<void> InsertGeneration(const GenerationRecord& g);
    core::Result<void> Step(Statement& statement, std::string_view what);

    std::string path_;
    bool synchronous_full_;
    sqlite3* writer_db_ = nullptr;
    sqlite3* reader_db_ = nullptr;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> queue_;
    std::deque<std::function<void(sqlite3*)>> reads_;
    bool closing_ = false;
    std::thread writer_;
    std::thread reader_;
    std::atomic<bool> healthy_{true};

    // Writer statements (used on the writer thread only).
    Statement begin_, commit_, rollback_, savepoint_, release_savepoint_, rollback_savepoint_;
    Statement insert_account_, insert_topup_, credit_account_, upsert_key_, delete_key_, insert_hold_,
        settle_hold_, insert_charge_, charge_account_, insert_generation_, release_hold_, upsert_byok_,
        delete_byok_, bump_external_;
};

core::Result<void> SqliteStore::Step(Statement& statement, std::string_view what) {
    const int rc = statement.Run();
    if (rc != SQLITE_DONE) {
        return core::MakeError(Errc::kInternal, "Storage error",
                               std::string(what) + ": " + sqlite3_errstr(rc) + " (" + sqlite3_errmsg(writer_db_) + ")");
    }
    return {};
}

core::Result<void> SqliteStore::Migrate() {
    if (Exec(writer_db_, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                         "description TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT") != SQLITE_OK) {
        return DbError(writer_db_, "cannot create schema_version");
    }
    std::int64_t current = 0;
    {
        Statement s(writer_db_, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        if (s.Step() == SQLITE_ROW) {
            current = s.Int(0);
        }
        s.Reset();
    }
    for (const Migration& migration : Migrations()) {
        if (migration.version <= current) {
            continue;
        }
        if (Exec(writer_db_, "BEGIN IMMEDIATE") != SQLITE_OK || Exec(writer_db_, migration.sql) != SQLITE_OK) {
            core::Error error = DbError(writer_db_, "migration " + std::to_string(migration.version));
            Exec(writer_db_, "ROLLBACK");
            return error;
        }
        Statement record(writer_db_, "INSERT INTO schema_version VALUES (?, ?, unixepoch())");
        record.Bind(1, static_cast<std::int64_t>(migration.version)).Bind(2, migration.description);
        if (record.Run() != SQLITE_DONE || Exec(writer_db_, "COMMIT") != SQLITE_OK) {
            core::Error error = DbError(writer_db_, "migration " + std::to_string(migration.version));
            Exec(writer_db_, "ROLLBACK");
            return error;
        }
    }
    return {};
}

core::Result<void> SqliteStore::PrepareWriter() {
    struct Item {
        Statement* statement;
        std::string_view sql;
    };
    const Item items[] = {
        {&begin_, "BEGIN IMMEDIATE"},
        {&commit_, "COMMIT"},
        {&rollback_, "ROLLBACK"},
        {&savepoint_, "SAVEPOINT m"},
        {&release_savepoint_, "RELEASE m"},
        {&rollback_savepoint_, "ROLLBACK TO m"},
        {&insert_account_, "INSERT INTO accounts (id, name, created_at, credits, usage, purchased) VALUES (?, ?, ?, 0, 0, 0)"},
        {&insert_topup_, "INSERT INTO topups (account_id, amount, fee, paid, note, created_at) VALUES (?, ?, ?, ?, ?, ?)"},
        {&credit_account_, "UPDATE accounts SET credits = credits + ?2, purchased = purchased + ?3 WHERE id = ?1"},
        {&upsert_key_,
         "INSERT INTO api_keys (hash, account_id, name, label, limit_pico, limit_reset, include_byok_in_limit, "
         "expires_at, disabled, rate_limit_requests, rate_limit_interval_s, created_at, updated_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
         "ON CONFLICT(hash) DO UPDATE SET name = ?3, limit_pico = ?5, limit_reset = ?6, include_byok_in_limit = ?7, "
         "expires_at = ?8, disabled = ?9, rate_limit_requests = ?10, rate_limit_interval_s = ?11, updated_at = ?13 "
         "WHERE deleted_at IS NULL"},
        {&delete_key_, "UPDATE api_keys SET deleted_at = ?2, disabled = 1 WHERE hash = ?1 AND deleted_at IS NULL"},
        {&insert_hold_, "INSERT INTO holds (id, account_id, key_hash, amount, state, created_at) VALUES (?, ?, ?, ?, 'pending', ?)"},
        {&settle_hold_,
         "UPDATE holds SET state = 'settled', resolved_at = ?2 WHERE id = ?1 AND state = 'pending' AND amount >= ?3"},
        {&insert_charge_,
         "INSERT INTO charges (hold_id, generation_id, account_id, key_hash, amount, byok_fee, overage, "
         "counts_toward_limit, created_at) SELECT id, ?2, account_id, key_hash, ?3, ?4, ?5, ?6, ?7 FROM holds WHERE id = ?1"},
        {&charge_account_, "UPDATE accounts SET usage = usage + ?2 WHERE id = (SELECT account_id FROM holds WHERE id = ?1)"},
        {&insert_generation_,
         "INSERT INTO generations (id, request_id, account_id, key_hash, model, provider, provider_id, upstream_id, "
         "api_type, finish_reason, native_finish_reason, native_tokens_prompt, native_tokens_completion, "
         "native_tokens_reasoning, native_tokens_cached, native_tokens_cache_write, tokens_prompt, tokens_completion, "
         "tokens_estimated, total_cost, upstream_cost, byok_fee, overage, is_byok, streamed, cancelled, latency_ms, "
         "ttft_ms, generation_time_ms, http_referer, app_title, error_code, router_trace, created_at) VALUES "
         "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, "
         "?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)"},
        {&release_hold_, "UPDATE holds SET state = 'released', resolved_at = ?2 WHERE id = ?1 AND state = 'pending'"},
        {&upsert_byok_,
         "INSERT INTO byok_keys (account_id, provider, ciphertext, nonce, key_id, created_at) VALUES (?1, ?2, ?3, ?4, "
         "?5, ?6) ON CONFLICT(account_id, provider) DO UPDATE SET ciphertext = ?3, nonce = ?4, key_id = ?5, created_at = ?6"},
        {&delete_byok_, "DELETE FROM byok_keys WHERE account_id = ? AND provider = ?"},
        {&bump_external_, "UPDATE external_changes SET seq = seq + 1 WHERE id = 1"},
    };
    for (const Item& item : items) {
        *item.statement = Statement(writer_db_, item.sql);
        if (!item.statement->ok()) {
            return core::MakeError(Errc::kInternal, "Storage error",
                                   "cannot prepare \"" + std::string(item.sql.substr(0, 40)) + "\": " + item.statement->error());
        }
    }
    return {};
}

core::Result<LoadedState> SqliteStore::Open(std::int64_t now_unix, bool recover) {
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) {
        std::filesystem::create_directories(parent, ec);
    }
    auto writer = OpenConnection(path_, synchronous_full_);
    if (!writer) {
        return writer.error();
    }
    writer_db_ = *writer;
    if (auto migrated = Migrate(); !migrated) {
        return migrated.error();
    }
    if (auto prepared = PrepareWriter(); !prepared) {
        return prepared.error();
    }
    std::size_t released = 0;
    if (recover) {
        // Recovery: a hold still pending belongs to a request the previous process never
        // finished; its client never received a complete answer, so it is released, not charged.
        Statement release(writer_db_, "UPDATE holds SET state = 'released', resolved_at = ? WHERE state = 'pending'");
        release.Bind(1, now_unix);
        if (release.Run() != SQLITE_DONE) {
            return DbError(writer_db_, "recovery");
        }
        released = static_cast<std::size_t>(sqlite3_changes(writer_db_));
    }
    auto state = LoadState(writer_db_, now_unix);
    if (!state) {
        return state.error();
    }
    state->released_holds = released;

    auto reader = OpenConnection(path_, synchronous_full_);
    if (!reader) {
        return reader.error();
    }
    reader_db_ = *reader;
    writer_ = std::thread([this] { WriterLoop(); });
    reader_ = std::thread([this] { ReaderLoop(); });
    return std::move(*state);
}

void SqliteStore::Submit(Mutation mutation, Done done) {
    {
        std::lock_guard lock(mutex_);
        if (!closing_) {
            queue_.push_back(Pending{std::move(mutation), std::move(done)});
            wake_.notify_all();
            return;
        }
    }
    if (done) {
        done(core::MakeError(Errc::kShuttingDown, "The store is closed"));
    }
}

void SqliteStore::WriterLoop() {
    constexpr std::size_t kMaxBatch = 512;
    std::vector<Pending> batch;
    std::vector<core::Result<void>> results;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
            if (queue_.empty() && closing_) {
                return;
            }
            // Group commit: everything queued while the previous batch was committing goes
            // into this one, so the commit cost is shared.
            while (!queue_.empty() && batch.size() < kMaxBatch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        results.clear();
        bool committed = false;
        if (begin_.Run() == SQLITE_DONE) {
            for (Pending& pending : batch) {
                savepoint_.Run();
                core::Result<void> result = Apply(pending.mutation);
                if (!result) {
                    rollback_savepoint_.Run();
                }
                release_savepoint_.Run();
                results.push_back(std::move(result));
            }
            committed = commit_.Run() == SQLITE_DONE;
            if (!committed) {
                rollback_.Run();
            }
        }
        if (!committed) {
            // The disk failed us (full, I/O error): nothing in this batch is durable. Admission
            // stops (Healthy() is false) until an operator intervenes.
            healthy_.store(false, std::memory_order_relaxed);
            const core::Error error = DbError(writer_db_, "commit");
            for (auto& result : results) {
                result = error;
            }
            results.resize(batch.size(), error);
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (batch[i].done) {
                batch[i].done(std::move(results[i]));
            }
        }
        batch.clear();
    }
}

core::Result<void> SqliteStore::Apply(const Mutation& mutation) {
    return std::visit([this](const auto& m) { return Apply(m); }, mutation);
}

core::Result<void> SqliteStore::Apply(const CreateAccount& m) {
    insert_account_.Bind(1, m.account.id).Bind(2, m.account.name).Bind(3, m.account.created_at);
    return Step(insert_account_, "create account " + m.account.id);
}

core::Result<void> SqliteStore::Apply(const TopUp& m) {
    insert_topup_.Bind(1, m.account).Bind(2, m.amount).Bind(3, m.fee).Bind(4, std::int64_t{m.paid ? 1 : 0});
    insert_topup_.Bind(5, m.note).Bind(6, m.at);
    if (auto r = Step(insert_topup_, "top-up " + m.account); !r) {
        return r;
    }
    credit_account_.Bind(1, m.account).Bind(2, m.amount).Bind(3, m.paid ? m.amount : 0);
    if (auto r = Step(credit_account_, "credit " + m.account); !r) {
        return r;
    }
    if (sqlite3_changes(writer_db_) != 1) {
        return core::MakeError(Errc::kInvalidRequest, "No such account: " + m.account);
    }
    return {};
}

core::Result<void> SqliteStore::Apply(const PutKey& m) {
    const KeyRow& k = m.key;
    upsert_key_.Bind(1, k.hash).Bind(2, k.account).Bind(3, k.name).Bind(4, k.label).BindOptional(5, k.limit);
    upsert_key_.Bind(6, billing::LimitResetName(k.limit_reset)).Bind(7, std::int64_t{k.include_byok_in_limit ? 1 : 0});
    upsert_key_.BindOptional(8, k.expires_at).Bind(9, std::int64_t{k.disabled ? 1 : 0}).Bind(10, k.rate_limit_requests);
    upsert_key_.Bind(11, k.rate_limit_interval_s).Bind(12, k.created_at).Bind(13, k.updated_at);
    return Step(upsert_key_, "put key");
}

core::Result<void> SqliteStore::Apply(const DeleteKey& m) {
    delete_key_.Bind(1, m.hash).Bind(2, m.at);
    return Step(delete_key_, "delete key");
}

core::Result<void> SqliteStore::Apply(const PlaceHold& m) {
    insert_hold_.Bind(1, m.hold.id).Bind(2, m.hold.account).Bind(3, m.hold.key_hash).Bind(4, m.hold.amount).Bind(5, m.at);
    return Step(insert_hold_, "place hold");
}

core::Result<void> SqliteStore::Apply(const SettleHold& m) {
    const GenerationRecord& g = m.generation;
    // Exactly once: only a pending hold can be settled, and never for more than it held.
    settle_hold_.Bind(1, m.hold_id).Bind(2, g.created_at).Bind(3, m.charged);
    if (auto r = Step(settle_hold_, "settle hold"); !r) {
        return r;
    }
    if (sqlite3_changes(writer_db_) != 1) {
        return core::MakeError(Errc::kInternal, "Storage error",
                               "hold " + m.hold_id + " is not pending or held less than " + core::FormatUsd(m.charged));
    }
    insert_charge_.Bind(1, m.hold_id).Bind(2, g.id).Bind(3, m.charged).Bind(4, g.byok_fee).Bind(5, g.overage);
    insert_charge_.Bind(6, std::int64_t{1}).Bind(7, g.created_at);
    if (auto r = Step(insert_charge_, "charge"); !r) {
        return r;
    }
    charge_account_.Bind(1, m.hold_id).Bind(2, m.charged);
    if (auto r = Step(charge_account_, "charge account"); !r) {
        return r;
    }
    return InsertGeneration(g);
}

core::Result<void> SqliteStore::Apply(const ReleaseHold& m) {
    release_hold_.Bind(1, m.hold_id).Bind(2, m.at);
    if (auto r = Step(release_hold_, "release hold"); !r) {
        return r;
    }
    if (sqlite3_changes(writer_db_) != 1) {
        return core::MakeError(Errc::kInternal, "Storage error", "hold " + m.hold_id + " is not pending");
    }
    if (m.generation) {
        return InsertGeneration(*m.generation);
    }
    return {};
}

core::Result<void> SqliteStore::InsertGeneration(const GenerationRecord& g) {
    Statement& s = insert_generation_;
    s.Bind(1, g.id).Bind(2, g.request_id).Bind(3, g.account).Bind(4, g.key_hash).Bind(5, g.model);
    s.Bind(6, g.provider).Bind(7, g.provider_id).Bind(8, g.upstream_id).Bind(9, g.api_type).Bind(10, g.finish_reason);
    s.Bind(11, g.native_finish_reason).Bind(12, g.native_tokens_prompt).Bind(13, g.native_tokens_completion);
    s.Bind(14, g.native_tokens_reasoning).Bind(15, g.native_tokens_cached).Bind(16, g.native_tokens_cache_write);
    s.Bind(17, g.tokens_prompt).Bind(18, g.tokens_completion).Bind(19, std::int64_t{g.tokens_estimated ? 1 : 0});
    s.Bind(20, g.total_cost).Bind(21, g.upstream_cost).Bind(22, g.byok_fee).Bind(23, g.overage);
    s.Bind(24, std::int64_t{g.is_byok ? 1 : 0}).Bind(25, std::int64_t{g.streamed ? 1 : 0});
    s.Bind(26, std::int64_t{g.cancelled ? 1 : 0}).Bind(27, g.latency_ms).Bind(28, g.ttft_ms);
    s.Bind(29, g.generation_time_ms).Bind(30, g.http_referer).Bind(31, g.app_title).Bind(32, g.error_code);
    s.Bind(33, g.router_trace).Bind(34, g.created_at);
    return Step(s, "generation " + g.id);
}

core::Result<void> SqliteStore::Apply(const PutByok& m) {
    upsert_byok_.Bind(1, m.account).Bind(2, m.provider).BindBlob(3, m.ciphertext).BindBlob(4, m.nonce);
    upsert_byok_.Bind(5, m.key_id).Bind(6, m.at);
    return Step(upsert_byok_, "put byok");
}

core::Result<void> SqliteStore::Apply(const BumpExternalChanges& /*m*/) {
    return Step(bump_external_, "bump external changes");
}

core::Result<void> SqliteStore::Apply(const DeleteByok& m) {
    delete_byok_.Bind(1, m.account).Bind(2, m.provider);
    return Step(delete_byok_, "delete byok");
}

void SqliteStore::RunRead(std::function<void(sqlite3*)> job) {
    {
        std::lock_guard lock(mutex_);
        if (!closing_) {
            reads_.push_back(std::move(job));
            wake_.notify_all();
            return;
        }
    }
    job(nullptr);
}

void SqliteStore::ReaderLoop() {
    while (true) {
        std::function<void(sqlite3*)> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return closing_ || !reads_.empty(); });
            if (reads_.empty()) {
                return;
            }
            job = std::move(reads_.front());
            reads_.pop_front();
        }
        job(reader_db_);
    }
}

void SqliteStore::GetGeneration(std::string id,
                                std::function<void(core::Result<std::optional<GenerationRecord>>)> done) {
    RunRead([id = std::move(id), done = std::move(done)](sqlite3* db) {
        if (db == nullptr) {
            done(core::MakeError(Errc::kShuttingDown, "The store is closed"));
            return;
        }
        Statement s(db,
                    "SELECT id, request_id, account_id, key_hash, model, provider, provider_id, upstream_id, api_type, "
                    "finish_reason, native_finish_reason, native_tokens_prompt, native_tokens_completion, "
                    "native_tokens_reasoning, native_tokens_cached, native_tokens_cache_write, tokens_prompt, "
                    "tokens_completion, tokens_estimated, total_cost, upstream_cost, byok_fee, overage, is_byok, "
                    "streamed, cancelled, latency_ms, ttft_ms, generation_time_ms, http_referer, app_title, error_code, "
                    "router_trace, created_at FROM generations WHERE id = ?");
        if (!s.ok()) {
            done(DbError(db, "read generation"));
            return;
        }
        s.Bind(1, id);
        if (s.Step() != SQLITE_ROW) {
            s.Reset();
            done(std::optional<GenerationRecord>{});
            return;
        }
        GenerationRecord g;
        int c = 0;
        g.id = s.Text(c++);
        g.request_id = s.Text(c++);
        g.account = s.Text(c++);
        g.key_hash = s.Text(c++);
        g.model = s.Text(c++);
        g.provider = s.Text(c++);
        g.provider_id = s.Text(c++);
        g.upstream_id = s.Text(c++);
        g.api_type = s.Text(c++);
        g.finish_reason = s.Text(c++);
        g.native_finish_reason = s.Text(c++);
        g.native_tokens_prompt = s.Int(c++);
        g.native_tokens_completion = s.Int(c++);
        g.native_tokens_reasoning = s.Int(c++);
        g.native_tokens_cached = s.Int(c++);
        g.native_tokens_cache_write = s.Int(c++);
        g.tokens_prompt = s.Int(c++);
        g.tokens_completion = s.Int(c++);
        g.tokens_estimated = s.Int(c++) != 0;
        g.total_cost = s.Int(c++);
        g.upstream_cost = s.Int(c++);
        g.byok_fee = s.Int(c++);
        g.overage = s.Int(c++);
        g.is_byok = s.Int(c++) != 0;
        g.streamed = s.Int(c++) != 0;
        g.cancelled = s.Int(c++) != 0;
        g.latency_ms = s.Int(c++);
        g.ttft_ms = s.Int(c++);
        g.generation_time_ms = s.Int(c++);
        g.http_referer = s.Text(c++);
        g.app_title = s.Text(c++);
        g.error_code = s.Text(c++);
        g.router_trace = s.Text(c++);
        g.created_at = s.Int(c++);
        s.Reset();
        done(std::optional<GenerationRecord>(std::move(g)));
    });
}

void SqliteStore::Activity(std::string account, std::int64_t since_unix,
                           std::function<void(core::Result<std::vector<ActivityRow>>)> done) {
    RunRead([account = std::move(account), since_unix, done = std::move(done)](sqlite3* db) {
        if (db == nullptr) {
            done(core::MakeError(Errc::kShuttingDown, "The store is closed"));
            return;
        }
        Statement s(db,
                    "SELECT date(created_at, 'unixepoch') AS day, model, provider_id, COUNT(*), "
                    "SUM(native_tokens_prompt), SUM(native_tokens_completion), SUM(native_tokens_reasoning), "
                    "SUM(total_cost), SUM(byok_fee) FROM generations WHERE account_id = ? AND created_at >= ? "
                    "GROUP BY day, model, provider_id ORDER BY day DESC, model, provider_id");
        if (!s.ok()) {
            done(DbError(db, "read activity"));
            return;
        }
        s.Bind(1, account).Bind(2, since_unix);
        std::vector<ActivityRow> rows;
        while (s.Step() == SQLITE_ROW) {
            rows.push_back(ActivityRow{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4), s.Int(5), s.Int(6),
                                       s.Int(7), s.Int(8)});
        }
        s.Reset();
        done(std::move(rows));
    });
}

void SqliteStore::ListKeys(std::string account, std::function<void(core::Result<std::vector<KeyRow>>)> done) {
    RunRead([account = std::move(account), done = std::move(done)](sqlite3* db) {
        if (db == nullptr) {
            done(core::MakeError(Errc::kShuttingDown, "The store is closed"));
            return;
        }
        std::string sql(kSelectKeys);
        if (!account.empty()) {
            sql += " AND account_id = ?";
        }
        sql += " ORDER BY created_at, hash";
        Statement s(db, sql);
        if (!s.ok()) {
            done(DbError(db, "list keys"));
            return;
        }
        if (!account.empty()) {
            s.Bind(1, account);
        }
        std::vector<KeyRow> keys;
        while (s.Step() == SQLITE_ROW) {
            keys.push_back(ReadKey(s));
        }
        s.Reset();
        done(std::move(keys));
    });
}

void SqliteStore::ExternalChanges(std::int64_t known, std::int64_t now_unix, ExternalChangesDone done) {
    RunRead([known, now_unix, done = std::move(done)](sqlite3* db) {
        if (db == nullptr) {
            done(core::MakeError(Errc::kShuttingDown, "The store is closed"));
            return;
        }
        Statement s(db, "SELECT seq FROM external_changes WHERE id = 1");
        const std::int64_t seq = s.ok() && s.Step() == SQLITE_ROW ? s.Int(0) : 0;
        s.Reset();
        if (seq == known) {
            done(std::make_pair(seq, std::optional<LoadedState>{}));
            return;
        }
        auto state = LoadState(db, now_unix);
        if (!state) {
            done(state.error());
            return;
        }
        done(std::make_pair(seq, std::optional<LoadedState>(std::move(*state))));
    });
}

core::Result<AuditReport> SqliteStore::Audit() {
    auto connection = OpenConnection(path_, synchronous_full_);
    if (!connection) {
        return connection.error();
    }
    sqlite3* db = *connection;
    AuditReport report;
    auto problem = [&report](std::string text) {
        report.ok = false;
        report.problems.push_back(std::move(text));
    };
    // One read transaction: a consistent snapshot even while the server writes.
    Exec(db, "BEGIN");
    {
        Statement s(db,
                    "SELECT a.id, a.credits, a.usage, "
                    "(SELECT COALESCE(SUM(amount), 0) FROM topups t WHERE t.account_id = a.id), "
                    "(SELECT COALESCE(SUM(amount), 0) FROM charges c WHERE c.account_id = a.id) FROM accounts a");
        while (s.Step() == SQLITE_ROW) {
            const std::string id = s.Text(0);
            if (s.Int(1) != s.Int(3)) {
                problem("account " + id + ": credits " + core::FormatUsd(s.Int(1)) + " but top-ups sum to " +
                        core::FormatUsd(s.Int(3)));
            }
            if (s.Int(2) != s.Int(4)) {
                problem("account " + id + ": usage " + core::FormatUsd(s.Int(2)) + " but charges sum to " +
                        core::FormatUsd(s.Int(4)));
            }
        }
        s.Reset();
    }
    auto sum_into = [&](std::string_view sql, core::Sum128& out) {
        Statement s(db, sql);
        while (s.Step() == SQLITE_ROW) {
            out.Add(s.Int(0));
        }
        s.Reset();
    };
    sum_into("SELECT amount FROM topups", report.credits);
    sum_into("SELECT amount FROM charges", report.charges);
    sum_into("SELECT total_cost FROM generations", report.generations);
    if (report.charges.Value() != report.generations.Value()) {
        problem("charges sum to " + report.charges.ToUsd() + " but generation costs sum to " + report.generations.ToUsd());
    }
    auto count = [&](std::string_view sql) -> std::int64_t {
        Statement s(db, sql);
        const std::int64_t n = s.Step() == SQLITE_ROW ? s.Int(0) : -1;
        s.Reset();
        return n;
    };
    report.pending_holds = count("SELECT COUNT(*) FROM holds WHERE state = 'pending'");
    report.settled_holds = count("SELECT COUNT(*) FROM holds WHERE state = 'settled'");
    report.released_holds = count("SELECT COUNT(*) FROM holds WHERE state = 'released'");
    if (const auto n = count("SELECT COUNT(*) FROM holds h WHERE state = 'settled' AND NOT EXISTS "
                             "(SELECT 1 FROM charges c WHERE c.hold_id = h.id)");
        n != 0) {
        problem(std::to_string(n) + " settled holds have no charge");
    }
    if (const auto n = count("SELECT COUNT(*) FROM charges c JOIN holds h ON h.id = c.hold_id WHERE h.state != 'settled'");
        n != 0) {
        problem(std::to_string(n) + " charges belong to holds that are not settled");
    }
    if (const auto n = count("SELECT COUNT(*) FROM charges c JOIN holds h ON h.id = c.hold_id WHERE c.amount > h.amount");
        n != 0) {
        problem(std::to_string(n) + " charges exceed their hold");
    }
    if (const auto n = count("SELECT COUNT(*) FROM charges c LEFT JOIN generations g ON g.id = c.generation_id "
                             "WHERE g.id IS NULL OR g.total_cost != c.amount");
        n != 0) {
        problem(std::to_string(n) + " charges have no matching generation record");
    }
    Exec(db, "COMMIT");
    sqlite3_close(db);
    return report;
}

void SqliteStore::Close() {
    {
        std::lock_guard lock(mutex_);
        if (closing_ && !writer_.joinable() && !reader_.joinable()) {
            return;
        }
        closing_ = true;
        wake_.notify_all();
    }
    if (writer_.joinable()) {
        writer_.join();
    }
    if (reader_.joinable()) {
        reader_.join();
    }
    // Statements must be finalized before their connection closes.
    for (Statement* s : {&begin_, &commit_, &rollback_, &savepoint_, &release_savepoint_, &rollback_savepoint_,
                         &insert_account_, &insert_topup_, &credit_account_, &upsert_key_, &delete_key_, &insert_hold_,
                         &settle_hold_, &insert_charge_, &charge_account_, &insert_generation_, &release_hold_,
                         &upsert_byok_, &delete_byok_, &bump_external_}) {
        *s = Statement();
    }
    if (writer_db_ != nullptr) {
        sqlite3_close(writer_db_);
        writer_db_ = nullptr;
    }
    if (reader_db_ != nullptr) {
        sqlite3_close(reader_db_);
        reader_db_ = nullptr;
    }
}

}  // namespace

core::Result<std::unique_ptr<Store>> MakeStore(const std::string& url, bool synchronous_full) {
    constexpr std::string_view kSqlite = "sqlite://";
    if (url.rfind(kSqlite, 0) == 0) {
        return std::unique_ptr<Store>(std::make_unique<SqliteStore>(url.substr(kSqlite.size()), synchronous_full));
    }
    return core::MakeError(Errc::kInvalidRequest, "Unsupported storage URL (only sqlite:// for now): " + url);
}

}  // namespace switchyard::storage
