-- F7: the partner deleted a record this integration posted; never post it again.
UPDATE ledger SET status = 'deleted_by_partner', updated_at = :now
WHERE partner_id = :partner_id AND target_system = 'netsuite' AND remote_id = :remote_id AND status = 'posted'
