SELECT object_type, watermark, updated_at FROM sync_state WHERE partner_id = :partner_id ORDER BY object_type
