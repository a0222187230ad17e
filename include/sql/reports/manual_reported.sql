SELECT source_id FROM manual_action WHERE partner_id = :partner_id AND rule = :rule AND object_type = :object_type
