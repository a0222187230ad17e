-- Why NetSuite customers are kept out of AP: open quarantine (with its reason), or a newest
-- staged version that is inactive (F6). The invoices waiting on them name that reason.
SELECT q.source_id, q.check_name, q.reason, NULL AS entity_id
FROM quarantine q
WHERE q.partner_id = :partner_id AND q.object_type = 'customer' AND NOT q.resolved
UNION ALL
SELECT s.source_id, 'F6:inactive' AS check_name, NULL AS reason, s.entity_id
FROM stg_ns_customer s
WHERE s.partner_id = :partner_id
  AND s.is_inactive
  AND NOT EXISTS (
      SELECT 1 FROM stg_ns_customer newer
      WHERE newer.partner_id = s.partner_id AND newer.source_id = s.source_id
        AND newer.source_modified > s.source_modified
  )
ORDER BY source_id, check_name
