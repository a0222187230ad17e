SELECT watermark FROM sync_state WHERE partner_id = :partner_id AND object_type = :object_type
