-- Every run's quarantines by check, oldest run first.
SELECT r.dag_id, r.run_id, r.object_type, r.created_at, q.check_name, q.records, q.samples
FROM sync_report_quarantine q
JOIN sync_report r ON r.partner_id = q.partner_id AND r.dag_id = q.dag_id AND r.run_id = q.run_id
                  AND r.object_type = q.object_type
WHERE q.partner_id = :partner_id
ORDER BY r.created_at, r.object_type, q.check_name
