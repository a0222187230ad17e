-- Another partner already registered with one of these connections.
SELECT partner_id, netsuite_conn_id, ap_conn_id
FROM partner
WHERE partner_id <> :partner_id AND (netsuite_conn_id = :netsuite_conn_id OR ap_conn_id = :ap_conn_id)
ORDER BY partner_id
LIMIT 1
