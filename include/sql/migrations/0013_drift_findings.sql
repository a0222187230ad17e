-- What the daily drift audit found for each partner, from its latest audit: each
-- difference between NetSuite and AP, and each posted record a person deleted or
-- voided in NetSuite, with what to do. repair names the normal path that fixed it
-- ('invoice_update', 'pdf_upload'; NULL: for a person), repair_outcome how it went.
CREATE TABLE drift_finding (
    id              {{id}},
    partner_id      TEXT NOT NULL REFERENCES partner (partner_id),
    run_id          TEXT NOT NULL,
    check_name      TEXT NOT NULL,
    object_type     TEXT NOT NULL,
    record_id       TEXT NOT NULL,
    difference      TEXT NOT NULL,
    to_do           TEXT NOT NULL,
    repair          TEXT CHECK (repair IN ('invoice_update', 'pdf_upload')),
    repair_outcome  TEXT,
    found_at        {{timestamp}} NOT NULL
);
CREATE INDEX drift_finding_by_partner ON drift_finding (partner_id, object_type, record_id);

-- Each partner's latest drift audit, so a clean audit shows as such (no findings) rather than
-- as a partner never audited.
CREATE TABLE drift_audit (
    partner_id  TEXT PRIMARY KEY REFERENCES partner (partner_id),
    run_id      TEXT NOT NULL,
    audited_at  {{timestamp}} NOT NULL,
    findings    INTEGER NOT NULL
);
