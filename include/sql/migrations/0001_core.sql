-- Core schema: partners, watermarks, staging, id map, ledger, quarantine,
-- manual actions and run reports. Portable between SQLite and PostgreSQL;
-- {{id}}, {{timestamp}} and {{json}} are filled in per dialect by netsuite_ap_sync.warehouse.migrations.

-- One row per connected NetSuite account.
CREATE TABLE partner (
    partner_id                   TEXT PRIMARY KEY,
    name                         TEXT NOT NULL,
    netsuite_conn_id             TEXT NOT NULL UNIQUE,
    ap_conn_id                   TEXT NOT NULL,
    netsuite_concurrency         INTEGER NOT NULL DEFAULT 5
        CHECK (netsuite_concurrency BETWEEN 1 AND 200),
    status                       TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'connected', 'reconnect_required', 'error')),
    status_message               TEXT,
    initial_phase                TEXT NOT NULL DEFAULT 'not_started'
        CHECK (initial_phase IN ('not_started', 'last_12_months', 'history', 'done')),
    progress_done                BIGINT NOT NULL DEFAULT 0,
    progress_left                BIGINT NOT NULL DEFAULT 0,
    -- NetSuite date (YYYY-MM-DD) that splits the last 12 months from older history.
    history_boundary             TEXT,
    undeposited_funds_account_id TEXT,
    bank_account_id              TEXT,
    fee_account_id               TEXT,
    other_deposits_account_id    TEXT,
    created_at                   {{timestamp}} NOT NULL,
    updated_at                   {{timestamp}} NOT NULL
);

-- Incremental read position per partner and object, in the source's own clock
-- (NetSuite: 'YYYY-MM-DD HH24:MI:SS' as TO_CHAR returns it; AP: RFC 3339).
CREATE TABLE sync_state (
    partner_id  TEXT NOT NULL REFERENCES partner (partner_id),
    object_type TEXT NOT NULL,
    watermark   TEXT,
    run_id      TEXT,
    updated_at  {{timestamp}} NOT NULL,
    PRIMARY KEY (partner_id, object_type)
);

-- Staging: one table per object read from either side. Each keeps the raw JSON
-- as received, typed columns for validation, and what became of the record.
CREATE TABLE stg_ns_customer (
    id                {{id}},
    partner_id        TEXT NOT NULL REFERENCES partner (partner_id),
    source_id         TEXT NOT NULL,
    source_modified   TEXT NOT NULL,
    run_id            TEXT NOT NULL,
    raw_json          TEXT NOT NULL,
    entity_id         TEXT,
    company_name      TEXT,
    email             TEXT,
    is_person         BOOLEAN,
    is_inactive       BOOLEAN,
    external_id       TEXT,
    currency          TEXT,
    validation_status TEXT NOT NULL DEFAULT 'pending'
        CHECK (validation_status IN ('pending', 'passed', 'failed')),
    outcome           TEXT CHECK (outcome IN ('applied', 'skipped', 'held', 'quarantined')),
    outcome_rule      TEXT,
    staged_at         {{timestamp}} NOT NULL,
    processed_at      {{timestamp}},
    UNIQUE (partner_id, source_id, source_modified)
);

CREATE TABLE stg_ns_invoice (
    id                {{id}},
    partner_id        TEXT NOT NULL REFERENCES partner (partner_id),
    source_id         TEXT NOT NULL,
    source_modified   TEXT NOT NULL,
    run_id            TEXT NOT NULL,
    raw_json          TEXT NOT NULL,
    tran_id           TEXT,
    customer_id       TEXT,
    tran_date         DATE,
    due_date          DATE,
    currency          TEXT,
    total             NUMERIC(18, 2),
    amount_unpaid     NUMERIC(18, 2),
    amount_paid       NUMERIC(18, 2),
    status            TEXT,
    voided            BOOLEAN,
    external_id       TEXT,
    validation_status TEXT NOT NULL DEFAULT 'pending'
        CHECK (validation_status IN ('pending', 'passed', 'failed')),
    outcome           TEXT CHECK (outcome IN ('applied', 'skipped', 'held', 'quarantined')),
    outcome_rule      TEXT,
    staged_at         {{timestamp}} NOT NULL,
    processed_at      {{timestamp}},
    UNIQUE (partner_id, source_id, source_modified)
);

CREATE TABLE stg_ns_customer_payment (
    id                {{id}},
    partner_id        TEXT NOT NULL REFERENCES partner (partner_id),
    source_id         TEXT NOT NULL,
    source_modified   TEXT NOT NULL,
    run_id            TEXT NOT NULL,
    raw_json          TEXT NOT NULL,
    customer_id       TEXT,
    total             NUMERIC(18, 2),
    external_id       TEXT,
    validation_status TEXT NOT NULL DEFAULT 'pending'
        CHECK (validation_status IN ('pending', 'passed', 'failed')),
    outcome           TEXT CHECK (outcome IN ('applied', 'skipped', 'held', 'quarantined')),
    outcome_rule      TEXT,
    staged_at         {{timestamp}} NOT NULL,
    processed_at      {{timestamp}},
    UNIQUE (partner_id, source_id, source_modified)
);

-- NetSuite's deletedrecord rows: the only way REST reports deletions.
CREATE TABLE stg_ns_deleted_record (
    id                {{id}},
    partner_id        TEXT NOT NULL REFERENCES partner (partner_id),
    source_id         TEXT NOT NULL,
    source_modified   TEXT NOT NULL,
    run_id            TEXT NOT NULL,
    raw_json          TEXT NOT NULL,
    record_type       TEXT,
    name              TEXT,
    validation_status TEXT NOT NULL DEFAULT 'pending'
        CHECK (validation_status IN ('pending', 'passed', 'failed')),
    outcome           TEXT CHECK (outcome IN ('applied', 'skipped', 'held', 'quarantined')),
    outcome_rule      TEXT,
    staged_at         {{timestamp}} NOT NULL,
    processed_at      {{timestamp}},
    UNIQUE (partner_id, record_type, source_id, source_modified)
);

CREATE TABLE stg_ap_payment (
    id                {{id}},
    partner_id        TEXT NOT NULL REFERENCES partner (partner_id),
    source_id         TEXT NOT NULL,
    source_modified   TEXT NOT NULL,
    run_id            TEXT NOT NULL,
    raw_json          TEXT NOT NULL,
    invoice_id        TEXT,
    customer_id       TEXT,
    status            TEXT,
    total             NUMERIC(18, 2),
    sub_total         NUMERIC(18, 2),
    payment_method    TEXT,
    validation_status TEXT NOT NULL DEFAULT 'pending'
        CHECK (validation_status IN ('pending', 'passed', 'failed')),
    outcome           TEXT CHECK (outcome IN ('applied', 'skipped', 'held', 'quarantined')),
    outcome_rule      TEXT,
    staged_at         {{timestamp}} NOT NULL,
    processed_at      {{timestamp}},
    UNIQUE (partner_id, source_id, source_modified)
);

CREATE TABLE stg_ap_payout (
    id                {{id}},
    partner_id        TEXT NOT NULL REFERENCES partner (partner_id),
    source_id         TEXT NOT NULL,
    source_modified   TEXT NOT NULL,
    run_id            TEXT NOT NULL,
    raw_json          TEXT NOT NULL,
    status            TEXT,
    total             NUMERIC(18, 2),
    sub_total         NUMERIC(18, 2),
    arrival_date      DATE,
    validation_status TEXT NOT NULL DEFAULT 'pending'
        CHECK (validation_status IN ('pending', 'passed', 'failed')),
    outcome           TEXT CHECK (outcome IN ('applied', 'skipped', 'held', 'quarantined')),
    outcome_rule      TEXT,
    staged_at         {{timestamp}} NOT NULL,
    processed_at      {{timestamp}},
    UNIQUE (partner_id, source_id, source_modified)
);

-- NetSuite internal id <-> AP id, one row per source record.
CREATE TABLE id_map (
    partner_id  TEXT NOT NULL REFERENCES partner (partner_id),
    object_type TEXT NOT NULL,
    netsuite_id TEXT NOT NULL,
    ap_id       TEXT NOT NULL,
    created_at  {{timestamp}} NOT NULL,
    PRIMARY KEY (partner_id, object_type, netsuite_id),
    UNIQUE (partner_id, object_type, ap_id)
);

-- Every mutation posted to either system. The row is written before the call
-- (pending) and after it (posted/failed), so a crash in between is resolved on
-- the next attempt by looking the record up by its external id, never by posting again.
CREATE TABLE ledger (
    id              {{id}},
    idempotency_key TEXT NOT NULL UNIQUE,
    partner_id      TEXT NOT NULL REFERENCES partner (partner_id),
    target_system   TEXT NOT NULL CHECK (target_system IN ('netsuite', 'ap')),
    action          TEXT NOT NULL,
    object_type     TEXT NOT NULL,
    source_id       TEXT NOT NULL,
    rules           TEXT NOT NULL,
    payload_hash    TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'posted', 'failed', 'deleted_by_partner')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    remote_id       TEXT,
    last_error      TEXT,
    run_id          TEXT,
    created_at      {{timestamp}} NOT NULL,
    updated_at      {{timestamp}} NOT NULL,
    posted_at       {{timestamp}}
);
CREATE INDEX ledger_by_source ON ledger (partner_id, object_type, source_id);

-- Records that failed a check: kept with the reason, retried on later runs,
-- resolved when they pass.
CREATE TABLE quarantine (
    id           {{id}},
    partner_id   TEXT NOT NULL REFERENCES partner (partner_id),
    object_type  TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    check_name   TEXT NOT NULL,
    reason       TEXT NOT NULL,
    raw_json     TEXT,
    first_seen   {{timestamp}} NOT NULL,
    last_seen    {{timestamp}} NOT NULL,
    repeat_count INTEGER NOT NULL DEFAULT 1,
    resolved     BOOLEAN NOT NULL DEFAULT FALSE,
    resolved_at  {{timestamp}},
    UNIQUE (partner_id, object_type, source_id, check_name)
);

-- What a person must do by hand (S2 revert a failed payment, F6 archive a
-- customer in AP), listed once.
CREATE TABLE manual_action (
    id             {{id}},
    partner_id     TEXT NOT NULL REFERENCES partner (partner_id),
    rule           TEXT NOT NULL,
    object_type    TEXT NOT NULL,
    source_id      TEXT NOT NULL,
    message        TEXT NOT NULL,
    invoice_number TEXT,
    amount         NUMERIC(18, 2),
    run_id         TEXT,
    reported_at    {{timestamp}} NOT NULL,
    done           BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (partner_id, rule, object_type, source_id)
);

-- Counts per run, partner and object: read, applied, skipped by rule,
-- held, quarantined by reason.
CREATE TABLE sync_report (
    id           {{id}},
    partner_id   TEXT NOT NULL REFERENCES partner (partner_id),
    dag_id       TEXT NOT NULL,
    run_id       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    direction    TEXT NOT NULL CHECK (direction IN ('netsuite_to_ap', 'ap_to_netsuite')),
    read_count   INTEGER NOT NULL DEFAULT 0,
    applied      INTEGER NOT NULL DEFAULT 0,
    held         INTEGER NOT NULL DEFAULT 0,
    skipped      {{json}} NOT NULL,
    quarantined  {{json}} NOT NULL,
    seconds      NUMERIC(12, 3),
    created_at   {{timestamp}} NOT NULL,
    UNIQUE (partner_id, dag_id, run_id, object_type)
);
