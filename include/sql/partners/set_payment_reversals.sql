UPDATE partner
SET payment_reversals = :payment_reversals,
    dispute_fee_account_id = :dispute_fee_account_id,
    updated_at = :now
WHERE partner_id = :partner_id
