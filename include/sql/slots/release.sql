DELETE FROM partner_slot WHERE holder = :holder
