-- Per audited partner: the findings of its latest audit, and those left for a person.
SELECT a.partner_id, a.run_id, a.audited_at, a.findings,
       COALESCE(SUM(CASE WHEN f.id IS NOT NULL AND f.repair IS NULL THEN 1 ELSE 0 END), 0) AS for_a_person
FROM drift_audit a
LEFT JOIN drift_finding f ON f.partner_id = a.partner_id
GROUP BY a.partner_id, a.run_id, a.audited_at, a.findings
