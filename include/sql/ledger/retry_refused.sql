-- A person asks for the refused mutations of a record (or of every record) to be sent again.
UPDATE ledger SET refused = FALSE, updated_at = :now
WHERE partner_id = :partner_id AND refused
  AND (CAST(:object_type AS TEXT) IS NULL OR object_type = CAST(:object_type AS TEXT))
  AND (CAST(:source_id AS TEXT) IS NULL OR source_id = CAST(:source_id AS TEXT))
