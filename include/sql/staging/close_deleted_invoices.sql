-- Invoices deleted in NetSuite: versions still waiting (new, held or quarantined)
-- will never be fixed there, so they are closed as skipped by F5.
UPDATE stg_ns_invoice
SET outcome = 'skipped', outcome_rule = 'F5', processed_at = :now
WHERE partner_id = :partner_id
  AND source_id IN :ids
  AND (outcome IS NULL OR outcome IN ('held', 'quarantined'))
