-- The greatest lastmodifieddate of a transaction type, in NetSuite's clock: the
-- signpost an initial sync hands to the incremental syncs.
SELECT TO_CHAR(MAX(t.lastmodifieddate), 'YYYY-MM-DD HH24:MI:SS') AS lastmodifieddate
FROM transaction t
WHERE t.type = 'CustInvc'
