SELECT DISTINCT source_id FROM quarantine
WHERE partner_id = :partner_id AND object_type = :object_type AND NOT resolved
