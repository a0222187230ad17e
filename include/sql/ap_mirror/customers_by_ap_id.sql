SELECT ap_id, external_id, name, email, archived, updated_at
FROM ap_customer
WHERE partner_id = :partner_id AND ap_id IN :ap_ids
