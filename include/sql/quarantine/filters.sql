-- The partners, objects and checks with records in quarantine, for the filter lists.
SELECT DISTINCT partner_id, object_type, check_name FROM quarantine WHERE NOT resolved
ORDER BY partner_id, object_type, check_name
