INSERT INTO id_map (partner_id, object_type, netsuite_id, ap_id, created_at)
VALUES (:partner_id, :object_type, :netsuite_id, :ap_id, :now)
ON CONFLICT (partner_id, object_type, netsuite_id) DO NOTHING
