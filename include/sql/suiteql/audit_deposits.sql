-- Deposits this integration posts carry an 'apo-' (payout) external id.
SELECT t.id, t.externalid, t.foreigntotal
FROM transaction t
WHERE t.type = 'Deposit'
  AND t.externalid LIKE ?
