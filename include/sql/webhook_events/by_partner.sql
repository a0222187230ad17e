SELECT id, partner_id, event_id, topic, object_id, source, received_at, payload_json, processed_at, processed_by
FROM webhook_event
WHERE partner_id = :partner_id
ORDER BY id
