-- A partner's runs that reported, newest first per DAG: when each last wrote,
-- and its totals over every object.
SELECT dag_id, run_id, MAX(created_at) AS reported_at, SUM(read_count) AS read_count,
       SUM(applied) AS applied, SUM(held) AS held, SUM(refused) AS refused
FROM sync_report
WHERE partner_id = :partner_id
GROUP BY dag_id, run_id
ORDER BY dag_id, MAX(created_at) DESC
LIMIT :limit
