-- A person did what the action asked for.
UPDATE manual_action SET done = TRUE, done_by = :by, done_at = :now, done_note = :note
WHERE id = :id AND NOT done
