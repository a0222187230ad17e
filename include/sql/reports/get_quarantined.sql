SELECT quarantined FROM sync_report
WHERE partner_id = :partner_id AND dag_id = :dag_id AND run_id = :run_id AND object_type = :object_type
