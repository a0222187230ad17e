INSERT INTO ap_customer (partner_id, ap_id, external_id, name, email, archived, updated_at)
VALUES (:partner_id, :ap_id, :external_id, :name, :email, :archived, :updated_at)
ON CONFLICT (partner_id, ap_id) DO UPDATE SET
    external_id = excluded.external_id,
    name = excluded.name,
    email = excluded.email,
    archived = excluded.archived,
    updated_at = excluded.updated_at
