-- Customers staged, validated and not yet applied: a dry run would create these.
SELECT DISTINCT source_id, is_inactive, email
FROM stg_ns_customer
WHERE partner_id = :partner_id AND validation_status = 'passed' AND outcome IS NULL
