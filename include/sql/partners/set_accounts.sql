UPDATE partner
SET undeposited_funds_account_id = :undeposited_funds_account_id,
    bank_account_id = :bank_account_id,
    fee_account_id = :fee_account_id,
    other_deposits_account_id = :other_deposits_account_id,
    updated_at = :now
WHERE partner_id = :partner_id
