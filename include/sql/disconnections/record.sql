-- Disconnecting a partner already disconnected changes nothing (the first record stays).
INSERT INTO partner_disconnection (partner_id, disconnected_at, disconnected_by, reason)
VALUES (:partner_id, :now, :disconnected_by, :reason)
ON CONFLICT (partner_id) DO NOTHING
