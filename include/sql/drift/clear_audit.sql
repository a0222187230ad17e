-- The partner's latest audit, in place of the one before.
DELETE FROM drift_audit
WHERE partner_id = :partner_id
