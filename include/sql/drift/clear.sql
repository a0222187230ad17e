DELETE FROM drift_finding
WHERE partner_id = :partner_id
