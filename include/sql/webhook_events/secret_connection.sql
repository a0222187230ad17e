-- The AP connection a delivery's secret is read from: the partner's own when it is registered
-- and not disconnected, else another partner's (known = false). One query and one connection read
-- either way, so how long the answer takes does not tell which partner ids exist.
SELECT p.ap_conn_id, (p.partner_id = :partner_id AND d.partner_id IS NULL) AS known
FROM partner p
LEFT JOIN partner_disconnection d ON d.partner_id = p.partner_id
ORDER BY CASE WHEN p.partner_id = :partner_id THEN 0 ELSE 1 END, p.partner_id
LIMIT 1
