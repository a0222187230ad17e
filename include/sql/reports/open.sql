-- The run's report row, made before a step quarantines anything: its created_at marks
-- which quarantine entries this run has seen.
INSERT INTO sync_report (partner_id, dag_id, run_id, object_type, direction, read_count, applied, held,
                         skipped, quarantined, refused, created_at)
VALUES (:partner_id, :dag_id, :run_id, :object_type, :direction, 0, 0, 0, '{}', '{}', 0, :now)
ON CONFLICT (partner_id, dag_id, run_id, object_type) DO NOTHING
