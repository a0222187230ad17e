SELECT 'invoice' AS kind, outcome_rule, COUNT(*) AS n FROM stg_ns_invoice
WHERE partner_id = :partner_id AND outcome = 'held' GROUP BY outcome_rule
UNION ALL SELECT 'payment', outcome_rule, COUNT(*) FROM stg_ap_payment
WHERE partner_id = :partner_id AND outcome = 'held' GROUP BY outcome_rule
UNION ALL SELECT 'payout', outcome_rule, COUNT(*) FROM stg_ap_payout
WHERE partner_id = :partner_id AND outcome = 'held' GROUP BY outcome_rule
