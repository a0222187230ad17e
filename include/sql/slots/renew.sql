UPDATE partner_slot SET expires_at = :expires_at WHERE holder = :holder
