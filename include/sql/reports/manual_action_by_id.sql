SELECT id, partner_id, rule, object_type, source_id, message, invoice_number, amount, run_id,
       reported_at, done, done_by, done_at, done_note
FROM manual_action
WHERE id = :id
