-- Customer payments and deposits deleted in NetSuite: the drift audit matches their ids
-- with the ones this integration posted (its ledger).
SELECT d.recordid, d.type, TO_CHAR(d.deleteddate, 'YYYY-MM-DD HH24:MI:SS') AS deleteddate
FROM deletedrecord d
WHERE d.type IN ('customerpayment', 'deposit')
