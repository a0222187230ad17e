-- Accounts the partner may choose at set-up (C3), by type.
SELECT a.id, a.acctnumber, a.fullname, a.accttype
FROM account a
WHERE a.isinactive = 'F'
  AND a.accttype IN ('Bank', 'UndepFunds', 'Expense', 'OthExpense', 'Income', 'OthIncome')
