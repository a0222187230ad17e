-- The partners whose AP event log the event path replays every few minutes even when none of
-- their webhooks arrive: past their last 12 months (the payments cycle covers them) and not
-- disconnected.
SELECT p.partner_id
FROM partner p
LEFT JOIN partner_disconnection d ON d.partner_id = p.partner_id
WHERE d.partner_id IS NULL AND p.initial_phase IN ('history', 'done')
ORDER BY p.partner_id
