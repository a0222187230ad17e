-- Deposits this integration posted ('apo-' external ids) changed in NetSuite after they were
-- created: nothing in the sync edits a deposit once posted, so a later change is a person's.
SELECT t.id, t.externalid, TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lastmodifieddate
FROM transaction t
WHERE t.type = 'Deposit'
  AND t.externalid LIKE ?
  AND t.lastmodifieddate > t.createddate
