-- One invoice of the phase that AP refused, with AP's answer.
SELECT l.source_id, l.last_error
FROM ledger l
JOIN stg_ns_invoice i ON i.partner_id = l.partner_id AND i.source_id = l.source_id
WHERE l.partner_id = :partner_id AND l.target_system = 'ap' AND l.object_type = 'invoice' AND l.refused
  AND i.run_id LIKE :run_tag
ORDER BY l.source_id
LIMIT 1
