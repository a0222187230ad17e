-- Customer payments and deposits deleted in NetSuite since this integration first posted one
-- (the bound, a day early for the account's time zone): the drift audit matches their ids with the
-- ones it posted (its ledger).
SELECT d.recordid, d.type, TO_CHAR(d.deleteddate, 'YYYY-MM-DD HH24:MI:SS') AS deleteddate
FROM deletedrecord d
WHERE d.type IN ('customerpayment', 'deposit')
  AND d.deleteddate >= TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')
