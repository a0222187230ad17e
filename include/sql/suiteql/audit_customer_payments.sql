-- Customer payments this integration posts carry an 'apay-' external id.
SELECT t.id, t.externalid, t.entity, t.foreigntotal
FROM transaction t
WHERE t.type = 'CustPymt'
  AND t.externalid LIKE ?
