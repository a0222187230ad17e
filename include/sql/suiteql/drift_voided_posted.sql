-- Customer payments and deposits this integration posted ('apay-'/'apo-' external ids)
-- that were voided in NetSuite since.
SELECT t.id, t.externalid
FROM transaction t
WHERE t.type IN ('CustPymt', 'Deposit')
  AND t.voided = 'T'
  AND t.externalid LIKE ?
