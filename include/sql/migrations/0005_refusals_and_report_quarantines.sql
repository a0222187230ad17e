-- A mutation the target refused as invalid (HTTP 400, 413, 422) is final for the record
-- as it stands: it is not sent again until its payload changes or a person retries it.
ALTER TABLE ledger ADD COLUMN refused BOOLEAN NOT NULL DEFAULT FALSE;

-- How many records a run's step had refused by the target, beside what it applied.
ALTER TABLE sync_report ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;

-- A run report's quarantines by check (validation and rules alike): how many records the
-- run left in quarantine under it, and a few of them with their stored reason
-- (a JSON list of {"source_id", "reason"}).
CREATE TABLE sync_report_quarantine (
    partner_id  TEXT NOT NULL REFERENCES partner (partner_id),
    dag_id      TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    check_name  TEXT NOT NULL,
    records     INTEGER NOT NULL,
    samples     {{json}} NOT NULL,
    PRIMARY KEY (partner_id, dag_id, run_id, object_type, check_name)
);
