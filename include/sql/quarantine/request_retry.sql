-- A person asks for an open record to be tried again on the next run.
UPDATE quarantine SET action = 'retry', action_note = :note, action_by = :by, action_at = :now
WHERE id = :id AND NOT resolved
