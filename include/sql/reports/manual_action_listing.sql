-- Manual actions for the operations page and partners_cli, oldest first; open
-- ones only unless asked; every partner unless one is named.
SELECT id, partner_id, rule, object_type, source_id, message, invoice_number, amount, run_id,
       reported_at, done, done_by, done_at, done_note
FROM manual_action
WHERE (CAST(:partner_id AS TEXT) IS NULL OR partner_id = CAST(:partner_id AS TEXT))
  AND (:include_done OR NOT done)
ORDER BY done, reported_at, partner_id, rule, source_id
