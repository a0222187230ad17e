-- How many customer payments were deleted after the watermark (F7 has work).
SELECT COUNT(*) AS changed
FROM deletedrecord d
WHERE d.type = 'customerpayment'
  AND d.deleteddate > TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')
