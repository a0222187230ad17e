SELECT fee_kind, account_id
FROM partner_fee_account
WHERE partner_id = :partner_id
ORDER BY fee_kind
