-- Take a free or expired slot; a live lease held by someone else is left alone.
INSERT INTO partner_slot (partner_id, slot, holder, expires_at)
VALUES (:partner_id, :slot, :holder, :expires_at)
ON CONFLICT (partner_id, slot) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE partner_slot.expires_at < :now OR partner_slot.holder = excluded.holder
