-- Register a partner, or update its connections and limit when registered again.
INSERT INTO partner (partner_id, name, netsuite_conn_id, ap_conn_id, netsuite_concurrency, created_at, updated_at)
VALUES (:partner_id, :name, :netsuite_conn_id, :ap_conn_id, :netsuite_concurrency, :now, :now)
ON CONFLICT (partner_id) DO UPDATE SET
    name = excluded.name,
    netsuite_conn_id = excluded.netsuite_conn_id,
    ap_conn_id = excluded.ap_conn_id,
    netsuite_concurrency = excluded.netsuite_concurrency,
    updated_at = excluded.updated_at
