-- Open quarantine entries of an object that the run recorded (again) since its report began.
SELECT q.check_name, q.source_id, q.reason
FROM quarantine q
JOIN sync_report r ON r.partner_id = q.partner_id AND r.object_type = q.object_type
WHERE r.partner_id = :partner_id AND r.dag_id = :dag_id AND r.run_id = :run_id AND r.object_type = :object_type
  AND NOT q.resolved AND q.last_seen >= r.created_at
ORDER BY q.check_name, q.source_id
