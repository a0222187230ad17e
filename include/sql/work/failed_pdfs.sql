-- Per partner, the invoice PDFs whose upload failed (or was cut short) in the hourly run that last
-- took the partner: the next hourly run tries them again instead of waiting for the sweep. One the
-- target refused as invalid is not sent again for the same version, so it is no work.
SELECT l.partner_id, COUNT(*) AS failed
FROM ledger l
JOIN sync_state taken ON taken.partner_id = l.partner_id AND taken.object_type = :taken
WHERE l.object_type = 'invoice_pdf'
  AND l.status IN ('pending', 'failed')
  AND NOT l.refused
  AND l.updated_at >= taken.updated_at
GROUP BY l.partner_id
