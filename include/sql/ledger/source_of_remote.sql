-- Which AP payment a NetSuite record was posted for.
SELECT source_id, status FROM ledger
WHERE partner_id = :partner_id AND target_system = 'netsuite' AND object_type = 'payment' AND remote_id = :remote_id
