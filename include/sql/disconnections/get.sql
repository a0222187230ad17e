SELECT partner_id, disconnected_at, disconnected_by, reason
FROM partner_disconnection
WHERE partner_id = :partner_id
