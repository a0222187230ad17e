-- A delivery seen before (same partner, same AP event id) inserts nothing.
INSERT INTO webhook_event (partner_id, event_id, topic, object_id, received_at, payload_json, source)
VALUES (:partner_id, :event_id, :topic, :object_id, :now, :payload_json, :source)
ON CONFLICT (partner_id, event_id) DO NOTHING
