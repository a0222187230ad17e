-- The record passed every check this time: it leaves quarantine.
UPDATE quarantine SET resolved = TRUE, resolved_at = :now
WHERE partner_id = :partner_id AND object_type = :object_type AND source_id = :source_id AND NOT resolved
