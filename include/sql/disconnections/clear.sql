DELETE FROM partner_disconnection WHERE partner_id = :partner_id
