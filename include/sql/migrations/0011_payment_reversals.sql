-- How a partner's refunded, charged-back or failed AP payments reach NetSuite once
-- they were posted: 'manual' lists them to revert by hand (S2), 'automatic' books
-- the customer refund (R1-R4). Automatic needs the expense account dispute fees go to.
ALTER TABLE partner ADD COLUMN payment_reversals TEXT NOT NULL DEFAULT 'manual'
    CHECK (payment_reversals IN ('manual', 'automatic'));
ALTER TABLE partner ADD COLUMN dispute_fee_account_id TEXT;

-- Reversed AP payments (failed, refunded, charged back), copied from stg_ap_payment
-- by the reversals' stage step: their own outcomes and watermark, so booking a
-- reversal never holds the payments' watermark back.
CREATE TABLE stg_ap_reversal (
    id                {{id}},
    partner_id        TEXT NOT NULL REFERENCES partner (partner_id),
    source_id         TEXT NOT NULL,
    source_modified   TEXT NOT NULL,
    run_id            TEXT NOT NULL,
    raw_json          TEXT NOT NULL,
    content_hash      TEXT,
    invoice_id        TEXT,
    customer_id       TEXT,
    status            TEXT,
    total             NUMERIC(18, 2),
    sub_total         NUMERIC(18, 2),
    payment_method    TEXT,
    failure_reason    TEXT,
    validation_status TEXT NOT NULL DEFAULT 'pending'
        CHECK (validation_status IN ('pending', 'passed', 'failed')),
    outcome           TEXT CHECK (outcome IN ('applied', 'skipped', 'held', 'quarantined')),
    outcome_rule      TEXT,
    staged_at         {{timestamp}} NOT NULL,
    processed_at      {{timestamp}},
    UNIQUE (partner_id, source_id, source_modified)
);
CREATE INDEX stg_ap_reversal_pending ON stg_ap_reversal (partner_id, validation_status, outcome);
