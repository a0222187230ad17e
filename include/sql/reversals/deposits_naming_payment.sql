-- NetSuite deposits this integration posted for AP payouts whose payments may include one payment
-- (the LIKE pattern narrows by its id; a payout's staged answer lists them in payment_ids).
SELECT DISTINCT l.remote_id, p.raw_json
FROM stg_ap_payout p
JOIN ledger l
  ON l.partner_id = p.partner_id AND l.object_type = 'payout' AND l.source_id = p.source_id
 AND l.action = 'create_deposit' AND l.status = 'posted'
WHERE p.partner_id = :partner_id AND p.raw_json LIKE :pattern
