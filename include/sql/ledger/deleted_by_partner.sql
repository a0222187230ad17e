SELECT source_id FROM ledger
WHERE partner_id = :partner_id AND object_type = 'payment' AND status = 'deleted_by_partner'
