SELECT ap_id FROM id_map WHERE partner_id = :partner_id AND object_type = :object_type AND netsuite_id = :netsuite_id
