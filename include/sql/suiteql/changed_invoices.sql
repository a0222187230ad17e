-- How many invoices changed after the watermark (the hourly cycle has work).
SELECT COUNT(*) AS changed
FROM transaction t
WHERE t.type = 'CustInvc'
  AND t.lastmodifieddate > TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')
