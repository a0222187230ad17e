-- First failure inserts; a repeat counts and reopens.
INSERT INTO quarantine (partner_id, object_type, source_id, check_name, reason, raw_json,
                        first_seen, last_seen, repeat_count, resolved)
VALUES (:partner_id, :object_type, :source_id, :check_name, :reason, :raw_json, :now, :now, 1, FALSE)
ON CONFLICT (partner_id, object_type, source_id, check_name) DO UPDATE SET
    reason = excluded.reason,
    raw_json = excluded.raw_json,
    last_seen = excluded.last_seen,
    repeat_count = quarantine.repeat_count + 1,
    resolved = FALSE,
    resolved_at = NULL
