-- Mark one partner's events taken by a run, up to the last id its read saw.
UPDATE webhook_event
SET processed_at = :now, processed_by = :processed_by
WHERE partner_id = :partner_id AND processed_at IS NULL AND id <= :last_id
