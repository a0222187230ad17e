SELECT id, partner_id, object_type, source_id, check_name, reason, raw_json, first_seen, last_seen,
       repeat_count, resolved, resolved_at, action, action_note, action_by, action_at
FROM quarantine
WHERE id = :id
