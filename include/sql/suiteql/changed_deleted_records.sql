-- How many invoices and customers were deleted after the watermark (F5, F6 have work).
SELECT COUNT(*) AS changed
FROM deletedrecord d
WHERE d.type IN ('invoice', 'customer')
  AND d.deleteddate > TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')
