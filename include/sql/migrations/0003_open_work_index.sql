-- The work set of a staging table is found by partner and outcome (new, held or
-- quarantined). Validation no longer moves each row's index entry when it writes
-- the row's validation status, which it does for every record of a run.
DROP INDEX stg_ns_invoice_pending;
DROP INDEX stg_ns_customer_pending;
DROP INDEX stg_ap_payment_pending;
DROP INDEX stg_ap_payout_pending;
CREATE INDEX stg_ns_invoice_open ON stg_ns_invoice (partner_id, outcome);
CREATE INDEX stg_ns_customer_open ON stg_ns_customer (partner_id, outcome);
CREATE INDEX stg_ap_payment_open ON stg_ap_payment (partner_id, outcome);
CREATE INDEX stg_ap_payout_open ON stg_ap_payout (partner_id, outcome);
