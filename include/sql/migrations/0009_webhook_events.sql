-- The queue of AP webhook deliveries: the receiver writes an event here before it
-- answers 2xx, so a delivery acknowledged is never lost; the event-driven DAG takes
-- them. AP's event id is unique per partner, so a duplicate delivery adds nothing.
-- The partner's webhook secret is never stored here (it stays in its AP connection).
CREATE TABLE webhook_event (
    id           {{id}},
    partner_id   TEXT NOT NULL REFERENCES partner (partner_id),
    event_id     TEXT NOT NULL,
    topic        TEXT NOT NULL,
    -- The id of the AP record the event is about (data.id), when it has one.
    object_id    TEXT,
    received_at  {{timestamp}} NOT NULL,
    payload_json {{json}} NOT NULL,
    processed_at {{timestamp}},
    processed_by TEXT,
    UNIQUE (partner_id, event_id)
);

-- The trigger polls for events not yet taken; keep that read small however long the table grows.
CREATE INDEX webhook_event_unprocessed ON webhook_event (partner_id, id) WHERE processed_at IS NULL;
