-- How many customers changed after the watermark (the hourly cycle has work).
SELECT COUNT(*) AS changed
FROM customer c
WHERE c.lastmodifieddate > TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')
