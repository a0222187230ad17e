-- Partners with events not yet taken: how many, and the newest one's id, so that
-- taking them leaves alone whatever arrives after this read.
SELECT partner_id, COUNT(*) AS events, MAX(id) AS last_id, MIN(received_at) AS oldest_received_at
FROM webhook_event
WHERE processed_at IS NULL
GROUP BY partner_id
ORDER BY partner_id
