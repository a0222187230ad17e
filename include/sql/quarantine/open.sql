SELECT object_type, source_id, check_name, reason, first_seen, last_seen, repeat_count
FROM quarantine
WHERE partner_id = :partner_id AND NOT resolved
ORDER BY object_type, source_id, check_name
