-- A disconnected partner (partner_disconnection) reads as status 'disconnected'.
SELECT p.partner_id, p.name, p.netsuite_conn_id, p.ap_conn_id, p.netsuite_concurrency,
       CASE WHEN d.partner_id IS NULL THEN p.status ELSE 'disconnected' END AS status,
       CASE WHEN d.partner_id IS NULL THEN p.status_message ELSE d.reason END AS status_message,
       p.initial_phase, p.progress_done, p.progress_left, p.history_boundary,
       p.undeposited_funds_account_id, p.bank_account_id, p.fee_account_id, p.other_deposits_account_id,
       p.payment_reversals, p.dispute_fee_account_id
FROM partner p
LEFT JOIN partner_disconnection d ON d.partner_id = p.partner_id
ORDER BY p.partner_id
