SELECT rule, object_type, source_id, message, invoice_number, amount, reported_at, done
FROM manual_action
WHERE partner_id = :partner_id
ORDER BY reported_at, rule, source_id
