-- The id map as a complete sync leaves it: every customer and USD invoice staged has its AP twin.
INSERT INTO id_map (partner_id, object_type, netsuite_id, ap_id, created_at)
SELECT DISTINCT partner_id, 'customer', customer_id, 'cus_' || customer_id, :now
FROM stg_ns_invoice
WHERE partner_id = :partner_id AND customer_id IS NOT NULL
UNION ALL
SELECT partner_id, 'invoice', source_id, 'inv_' || source_id, :now
FROM stg_ns_invoice
WHERE partner_id = :partner_id AND currency = 'USD'
