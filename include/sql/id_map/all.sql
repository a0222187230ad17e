SELECT netsuite_id, ap_id FROM id_map WHERE partner_id = :partner_id AND object_type = :object_type
