INSERT INTO sync_report (partner_id, dag_id, run_id, object_type, direction, read_count, applied, held,
                         skipped, quarantined, refused, seconds, created_at)
VALUES (:partner_id, :dag_id, :run_id, :object_type, :direction, :read_count, :applied, :held,
        :skipped, :quarantined, :refused, :seconds, :now)
ON CONFLICT (partner_id, dag_id, run_id, object_type) DO UPDATE SET
    read_count = sync_report.read_count + excluded.read_count,
    applied = sync_report.applied + excluded.applied,
    held = excluded.held,
    skipped = excluded.skipped,
    quarantined = excluded.quarantined,
    refused = sync_report.refused + excluded.refused,
    seconds = COALESCE(sync_report.seconds, 0) + COALESCE(excluded.seconds, 0)
