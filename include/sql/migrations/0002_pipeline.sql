-- What the sync pipeline needs beyond the core tables: NetSuite concurrency
-- leases, initial-sync chunks, invoice lines, and a mirror of what AP holds.

-- One row per NetSuite request slot a task holds for a partner. Leases expire,
-- so a killed task gives its slots back without anyone cleaning up.
CREATE TABLE partner_slot (
    partner_id TEXT NOT NULL REFERENCES partner (partner_id),
    slot       INTEGER NOT NULL,
    holder     TEXT NOT NULL,
    expires_at {{timestamp}} NOT NULL,
    PRIMARY KEY (partner_id, slot)
);

-- The initial sync in resumable pieces: a failed chunk retries alone.
CREATE TABLE initial_sync_chunk (
    partner_id  TEXT NOT NULL REFERENCES partner (partner_id),
    phase       TEXT NOT NULL CHECK (phase IN ('last_12_months', 'history')),
    object_type TEXT NOT NULL,
    chunk_no    INTEGER NOT NULL,
    -- NetSuite internal id range (low exclusive, high inclusive) and whether
    -- the chunk holds the unpaid invoices, which go first.
    id_low      BIGINT NOT NULL,
    id_high     BIGINT NOT NULL,
    unpaid      BOOLEAN NOT NULL DEFAULT FALSE,
    expected    INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
    records     INTEGER NOT NULL DEFAULT 0,
    updated_at  {{timestamp}} NOT NULL,
    PRIMARY KEY (partner_id, phase, object_type, chunk_no)
);

-- Invoice lines, staged beside their invoice version.
CREATE TABLE stg_ns_invoice_line (
    id              {{id}},
    partner_id      TEXT NOT NULL REFERENCES partner (partner_id),
    invoice_id      TEXT NOT NULL,
    line_id         TEXT NOT NULL,
    source_modified TEXT NOT NULL,
    run_id          TEXT NOT NULL,
    item            TEXT,
    description     TEXT,
    quantity        NUMERIC(18, 4),
    rate            NUMERIC(18, 4),
    amount          NUMERIC(18, 2),
    staged_at       {{timestamp}} NOT NULL,
    UNIQUE (partner_id, invoice_id, line_id, source_modified)
);

-- Customer payments deleted in NetSuite (F7), read every five minutes apart
-- from the hourly deletions of invoices and customers.
CREATE TABLE stg_ns_deleted_payment (
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
    UNIQUE (partner_id, source_id, source_modified)
);

-- What AP holds, as last read or written by this integration, so that a
-- reconcile needs no request per record.
CREATE TABLE ap_customer (
    partner_id  TEXT NOT NULL REFERENCES partner (partner_id),
    ap_id       TEXT NOT NULL,
    external_id TEXT,
    name        TEXT,
    email       TEXT,
    archived    BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at  TEXT,
    PRIMARY KEY (partner_id, ap_id)
);
CREATE INDEX ap_customer_by_external ON ap_customer (partner_id, external_id);

CREATE TABLE ap_invoice (
    partner_id         TEXT NOT NULL REFERENCES partner (partner_id),
    ap_id              TEXT NOT NULL,
    external_id        TEXT,
    customer_id        TEXT,
    invoice_number     TEXT,
    currency           TEXT,
    due_date           TEXT,
    total              NUMERIC(18, 2),
    amount_due         NUMERIC(18, 2),
    status             TEXT,
    paid_via           TEXT,
    line_items         TEXT,
    memo               TEXT,
    -- NetSuite lastmodifieddate of the invoice version the attached PDF shows.
    pdf_source_version TEXT,
    updated_at         TEXT,
    PRIMARY KEY (partner_id, ap_id)
);
CREATE INDEX ap_invoice_by_external ON ap_invoice (partner_id, external_id);

CREATE INDEX stg_ns_invoice_pending ON stg_ns_invoice (partner_id, validation_status, outcome);
CREATE INDEX stg_ns_customer_pending ON stg_ns_customer (partner_id, validation_status, outcome);
CREATE INDEX stg_ap_payment_pending ON stg_ap_payment (partner_id, validation_status, outcome);
CREATE INDEX stg_ap_payout_pending ON stg_ap_payout (partner_id, validation_status, outcome);
CREATE INDEX quarantine_open ON quarantine (partner_id, object_type, resolved);
