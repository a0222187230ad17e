-- Key range and size of the invoices one initial-sync phase reads.
SELECT t.id
FROM transaction t
WHERE t.type = 'CustInvc'
  AND t.trandate >= TO_DATE(?, 'YYYY-MM-DD')
  AND t.trandate < TO_DATE(?, 'YYYY-MM-DD')
  AND (CASE WHEN t.foreignamountunpaid > 0 THEN 'T' ELSE 'F' END) = ?
