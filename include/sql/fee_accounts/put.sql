INSERT INTO partner_fee_account (partner_id, fee_kind, account_id, updated_at)
VALUES (:partner_id, :fee_kind, :account_id, :now)
