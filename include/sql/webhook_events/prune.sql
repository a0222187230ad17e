-- Forget events taken before the cut-off. Each partner's newest event stays: the replay reads AP's
-- log from its watermark inclusive, and must still recognise the event at the watermark.
DELETE FROM webhook_event
WHERE processed_at IS NOT NULL
  AND processed_at < :before
  AND id NOT IN (SELECT newest FROM (SELECT MAX(id) AS newest FROM webhook_event GROUP BY partner_id) kept)
