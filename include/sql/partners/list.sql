SELECT partner_id, name, netsuite_conn_id, ap_conn_id, netsuite_concurrency, status, status_message,
       initial_phase, progress_done, progress_left, history_boundary,
       undeposited_funds_account_id, bank_account_id, fee_account_id, other_deposits_account_id,
       payment_reversals, dispute_fee_account_id
FROM partner
ORDER BY partner_id
