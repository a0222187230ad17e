-- Customer refunds ('arfd-') or credit memos ('arcm-') booked for reversed AP payments (R1-R3).
SELECT t.id, t.externalid, t.entity, t.foreigntotal
FROM transaction t
WHERE t.type = ?
  AND t.externalid LIKE ?
