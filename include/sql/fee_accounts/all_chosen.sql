SELECT partner_id, fee_kind, account_id
FROM partner_fee_account
ORDER BY partner_id, fee_kind
