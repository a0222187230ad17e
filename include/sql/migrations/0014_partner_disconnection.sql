-- A partner an operator disconnected: its runs stop and its AP webhook subscriptions
-- are removed, while all its rows (ledger, id map, reports, quarantine) stay. Kept
-- beside partner.status, whose CHECK SQLite cannot change in place; partners/get.sql
-- and partners/list.sql report such a partner's status as 'disconnected'.
-- Registering the partner again reconnects it (the row is deleted).
CREATE TABLE partner_disconnection (
    partner_id      TEXT PRIMARY KEY REFERENCES partner (partner_id),
    disconnected_at {{timestamp}} NOT NULL,
    disconnected_by TEXT NOT NULL,
    reason          TEXT
);
