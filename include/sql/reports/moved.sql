-- What this integration posted, by target and action.
SELECT target_system, action, status, COUNT(*) AS n
FROM ledger
WHERE partner_id = :partner_id
GROUP BY target_system, action, status
ORDER BY target_system, action, status
