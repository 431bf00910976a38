#include "storage/migrations.hpp"

namespace switchyard::storage {

// Append-only: a released migration is never edited; changes come as a new entry.
const std::vector<Migration>& Migrations() {
    static const std::vector<Migration> migrations = {
        {1, "initial schema", R"sql(
CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    credits     INTEGER NOT NULL DEFAULT 0,  -- sum of topups.amount (kept in step, audited)
    usage       INTEGER NOT NULL DEFAULT 0,  -- sum of charges.amount (kept in step, audited)
    purchased   INTEGER NOT NULL DEFAULT 0   -- sum of paid top-ups
) STRICT;

CREATE TABLE topups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    fee         INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),
    paid        INTEGER NOT NULL DEFAULT 1,
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE api_keys (
    hash                   TEXT PRIMARY KEY,  -- hex SHA-256 of the key; the key itself is never stored
    account_id             TEXT NOT NULL REFERENCES accounts(id),
    name                   TEXT NOT NULL DEFAULT '',
    label                  TEXT NOT NULL,
    limit_pico             INTEGER,
    limit_reset            TEXT NOT NULL DEFAULT '',
    include_byok_in_limit  INTEGER NOT NULL DEFAULT 0,
    expires_at             INTEGER,
    disabled               INTEGER NOT NULL DEFAULT 0,
    rate_limit_requests    INTEGER NOT NULL DEFAULT 0,
    rate_limit_interval_s  INTEGER NOT NULL DEFAULT 0,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    deleted_at             INTEGER
) STRICT;

CREATE TABLE holds (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL,
    key_hash     TEXT NOT NULL DEFAULT '',
    amount       INTEGER NOT NULL CHECK (amount >= 0),
    state        TEXT NOT NULL CHECK (state IN ('pending', 'settled', 'released')),
    created_at   INTEGER NOT NULL,
    resolved_at  INTEGER
) STRICT;
CREATE INDEX holds_pending ON holds(state) WHERE state = 'pending';

CREATE TABLE charges (
    hold_id              TEXT PRIMARY KEY REFERENCES holds(id),
    generation_id        TEXT NOT NULL UNIQUE,
    account_id           TEXT NOT NULL,
    key_hash             TEXT NOT NULL DEFAULT '',
    amount               INTEGER NOT NULL CHECK (amount >= 0),
    byok_fee             INTEGER NOT NULL DEFAULT 0,
    overage              INTEGER NOT NULL DEFAULT 0,
    counts_toward_limit  INTEGER NOT NULL DEFAULT 1,
    created_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX charges_key_time ON charges(key_hash, created_at);

CREATE TABLE generations (
    id                         TEXT PRIMARY KEY,
    request_id                 TEXT NOT NULL DEFAULT '',
    account_id                 TEXT NOT NULL,
    key_hash                   TEXT NOT NULL DEFAULT '',
    model                      TEXT NOT NULL,
    provider                   TEXT NOT NULL DEFAULT '',
    provider_id                TEXT NOT NULL DEFAULT '',
    upstream_id                TEXT NOT NULL DEFAULT '',
    api_type                   TEXT NOT NULL DEFAULT 'chat',
    finish_reason              TEXT NOT NULL DEFAULT '',
    native_finish_reason       TEXT NOT NULL DEFAULT '',
    native_tokens_prompt       INTEGER NOT NULL DEFAULT 0,
    native_tokens_completion   INTEGER NOT NULL DEFAULT 0,
    native_tokens_reasoning    INTEGER NOT NULL DEFAULT 0,
    native_tokens_cached       INTEGER NOT NULL DEFAULT 0,
    native_tokens_cache_write  INTEGER NOT NULL DEFAULT 0,
    tokens_prompt              INTEGER NOT NULL DEFAULT 0,
    tokens_completion          INTEGER NOT NULL DEFAULT 0,
    tokens_estimated           INTEGER NOT NULL DEFAULT 0,
    total_cost                 INTEGER NOT NULL DEFAULT 0,
    upstream_cost              INTEGER NOT NULL DEFAULT 0,
    byok_fee                   INTEGER NOT NULL DEFAULT 0,
    overage                    INTEGER NOT NULL DEFAULT 0,
    is_byok                    INTEGER NOT NULL DEFAULT 0,
    streamed                   INTEGER NOT NULL DEFAULT 0,
    cancelled                  INTEGER NOT NULL DEFAULT 0,
    latency_ms                 INTEGER NOT NULL DEFAULT 0,
    ttft_ms                    INTEGER NOT NULL DEFAULT -1,
    generation_time_ms         INTEGER NOT NULL DEFAULT 0,
    http_referer               TEXT NOT NULL DEFAULT '',
    app_title                  TEXT NOT NULL DEFAULT '',
    error_code                 TEXT NOT NULL DEFAULT '',
    router_trace               TEXT NOT NULL DEFAULT '',
    created_at                 INTEGER NOT NULL
) STRICT;
CREATE INDEX generations_account_time ON generations(account_id, created_at);

CREATE TABLE byok_keys (
    account_id  TEXT NOT NULL,
    provider    TEXT NOT NULL,
    ciphertext  BLOB NOT NULL,
    nonce       BLOB NOT NULL,
    key_id      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, provider)
) STRICT;
)sql"},
        {2, "external change counter", R"sql(
-- Bumped by `switchyard keys|credits ...` run beside a live server, which then reloads accounts
-- and keys (its in-memory ledger is otherwise the only writer).
CREATE TABLE external_changes (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL
) STRICT;
INSERT INTO external_changes (id, seq) VALUES (1, 0);
)sql"},
    };
    return migrations;
}

}  // namespace switchyard::storage
