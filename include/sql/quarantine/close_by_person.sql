-- A person closes an open record ('resolved' or 'ignored') with a note. A later
-- failure of the same check opens it again (quarantine/record.sql).
UPDATE quarantine SET resolved = TRUE, resolved_at = :now,
       action = :action, action_note = :note, action_by = :by, action_at = :now
WHERE id = :id AND NOT resolved
