-- Quarantined records for the operations page and partners_cli, newest first;
-- each filter is optional; closed records too only when asked.
SELECT id, partner_id, object_type, source_id, check_name, reason, raw_json, first_seen, last_seen,
       repeat_count, resolved, resolved_at, action, action_note, action_by, action_at
FROM quarantine
WHERE (CAST(:partner_id AS TEXT) IS NULL OR partner_id = CAST(:partner_id AS TEXT))
  AND (CAST(:object_type AS TEXT) IS NULL OR object_type = CAST(:object_type AS TEXT))
  AND (CAST(:check_name AS TEXT) IS NULL OR check_name = CAST(:check_name AS TEXT))
  AND (:include_closed OR NOT resolved)
ORDER BY last_seen DESC, partner_id, object_type, source_id, check_name
LIMIT :limit
