-- How an event reached the queue: delivered by AP ('webhook'), or found missing by the
-- replay of GET /webhooks/events ('replay'), which is what shows a webhook was lost.
ALTER TABLE webhook_event ADD COLUMN source TEXT NOT NULL DEFAULT 'webhook' CHECK (source IN ('webhook', 'replay'));
