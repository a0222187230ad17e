-- Per partner: the findings of its latest audit, and those left for a person.
SELECT partner_id, COUNT(*) AS findings, SUM(CASE WHEN repair IS NULL THEN 1 ELSE 0 END) AS for_a_person
FROM drift_finding
GROUP BY partner_id
