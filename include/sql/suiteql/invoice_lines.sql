-- Item lines (not the header line) of the invoices just read; {ids} becomes one
-- bound placeholder per invoice id.
SELECT tl.transaction, tl.id, tl.item, tl.memo, tl.quantity, tl.rate, tl.foreignamount
FROM transactionline tl
WHERE tl.mainline = 'F'
  AND tl.transaction IN ({ids})
ORDER BY tl.transaction, tl.id
