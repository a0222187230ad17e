-- One partner's findings (every partner's when the id given is empty), those for a person first.
SELECT id, partner_id, run_id, check_name, object_type, record_id, difference, to_do, repair, repair_outcome,
       found_at
FROM drift_finding
WHERE (:partner_id = '' OR partner_id = :partner_id)
ORDER BY partner_id, CASE WHEN repair IS NULL THEN 0 ELSE 1 END, object_type, record_id, id
