SELECT slot FROM partner_slot WHERE partner_id = :partner_id AND holder = :holder AND expires_at >= :now
