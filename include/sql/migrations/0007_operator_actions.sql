-- What a person did about a quarantined record or a manual action, from the
-- operations pages or partners_cli: who, when, and their note.
-- A quarantined record's last action: 'retry' (asked to be sent again on the
-- next run), 'resolved' or 'ignored' (closed by a person, with a note).
ALTER TABLE quarantine ADD COLUMN action TEXT CHECK (action IN ('retry', 'resolved', 'ignored'));
ALTER TABLE quarantine ADD COLUMN action_note TEXT;
ALTER TABLE quarantine ADD COLUMN action_by TEXT;
ALTER TABLE quarantine ADD COLUMN action_at {{timestamp}};
-- A manual action marked done: by whom, when, with an optional note.
ALTER TABLE manual_action ADD COLUMN done_by TEXT;
ALTER TABLE manual_action ADD COLUMN done_at {{timestamp}};
ALTER TABLE manual_action ADD COLUMN done_note TEXT;
