-- Which of these AP event ids the partner's queue already holds, and how each came.
SELECT event_id, source
FROM webhook_event
WHERE partner_id = :partner_id AND event_id IN :event_ids
