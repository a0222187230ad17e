-- I4: every staged record of a partner and what became of it.
SELECT 'customer' AS kind, id, outcome FROM stg_ns_customer WHERE partner_id = :partner_id
UNION ALL SELECT 'invoice', id, outcome FROM stg_ns_invoice WHERE partner_id = :partner_id
UNION ALL SELECT 'deleted_record', id, outcome FROM stg_ns_deleted_record WHERE partner_id = :partner_id
UNION ALL SELECT 'deleted_payment', id, outcome FROM stg_ns_deleted_payment WHERE partner_id = :partner_id
UNION ALL SELECT 'payment', id, outcome FROM stg_ap_payment WHERE partner_id = :partner_id
UNION ALL SELECT 'payout', id, outcome FROM stg_ap_payout WHERE partner_id = :partner_id
