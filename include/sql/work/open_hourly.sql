-- Per partner, the records of the hourly cycle still open in the warehouse:
-- unfinished (new or held: the next run must try them) and quarantined (retried
-- once the partner has other work, or at its next sweep).
SELECT partner_id,
       SUM(CASE WHEN outcome = 'quarantined' THEN 0 ELSE 1 END) AS unfinished,
       SUM(CASE WHEN outcome = 'quarantined' THEN 1 ELSE 0 END) AS quarantined
FROM (
    SELECT partner_id, outcome FROM stg_ns_customer WHERE outcome IS NULL OR outcome IN ('held', 'quarantined')
    UNION ALL
    SELECT partner_id, outcome FROM stg_ns_invoice WHERE outcome IS NULL OR outcome IN ('held', 'quarantined')
    UNION ALL
    SELECT partner_id, outcome FROM stg_ns_deleted_record WHERE outcome IS NULL OR outcome IN ('held', 'quarantined')
) open_rows
GROUP BY partner_id
