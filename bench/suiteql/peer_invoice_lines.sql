-- The peer's line stream (transaction lines joined to their invoices, as taps read
-- them); the last parameter is the invoice to start from (restarts past the row cap).
SELECT tl.transaction, tl.id, tl.item, tl.memo, tl.quantity, tl.rate, tl.foreignamount,
       TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lastmodifieddate
FROM transactionline tl
INNER JOIN transaction t ON t.id = tl.transaction
WHERE t.type = 'CustInvc'
  AND t.lastmodifieddate >= TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')
  AND tl.mainline = 'F'
  AND tl.transaction >= ?
ORDER BY tl.transaction, tl.id
