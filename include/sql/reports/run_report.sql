-- A partner's run reports per object, newest run first; one run, or the latest rows.
SELECT dag_id, run_id, object_type, direction, read_count, applied, held, skipped, quarantined,
       refused, seconds, created_at
FROM sync_report
WHERE partner_id = :partner_id
  AND (CAST(:run_id AS TEXT) IS NULL OR run_id = CAST(:run_id AS TEXT))
ORDER BY created_at DESC, object_type
LIMIT :limit
