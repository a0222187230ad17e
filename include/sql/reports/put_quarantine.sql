INSERT INTO sync_report_quarantine (partner_id, dag_id, run_id, object_type, check_name, records, samples)
VALUES (:partner_id, :dag_id, :run_id, :object_type, :check_name, :records, :samples)
