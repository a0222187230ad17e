-- An initial-sync phase's invoices (staged under its chunks' run tags): how many AP took,
-- and how many it refused (quarantined, with a refused AP mutation in the ledger).
SELECT
    SUM(CASE WHEN i.outcome = 'applied' THEN 1 ELSE 0 END) AS applied,
    SUM(CASE WHEN i.outcome = 'quarantined' AND EXISTS (
        SELECT 1 FROM ledger l
        WHERE l.partner_id = i.partner_id AND l.target_system = 'ap' AND l.object_type = 'invoice'
          AND l.source_id = i.source_id AND l.refused
    ) THEN 1 ELSE 0 END) AS refused
FROM stg_ns_invoice i
WHERE i.partner_id = :partner_id AND i.run_id LIKE :run_tag
