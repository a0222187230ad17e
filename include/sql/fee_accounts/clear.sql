DELETE FROM partner_fee_account
WHERE partner_id = :partner_id
