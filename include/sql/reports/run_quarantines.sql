SELECT check_name, records, samples
FROM sync_report_quarantine
WHERE partner_id = :partner_id AND dag_id = :dag_id AND run_id = :run_id AND object_type = :object_type
ORDER BY check_name
