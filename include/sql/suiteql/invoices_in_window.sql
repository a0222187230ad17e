-- Initial sync: invoices dated within [from, to), unpaid ones or paid ones.
SELECT t.id, t.tranid, t.entity, TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate,
       TO_CHAR(t.duedate, 'YYYY-MM-DD') AS duedate, t.currency, cur.symbol AS currencysymbol,
       t.foreigntotal, t.foreignamountunpaid, t.foreignamountpaid, BUILTIN.DF(t.status) AS status,
       t.externalid, t.memo, t.voided, TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lastmodifieddate
FROM transaction t
LEFT JOIN currency cur ON cur.id = t.currency
WHERE t.type = 'CustInvc'
  AND t.trandate >= TO_DATE(?, 'YYYY-MM-DD')
  AND t.trandate < TO_DATE(?, 'YYYY-MM-DD')
  AND (CASE WHEN t.foreignamountunpaid > 0 THEN 'T' ELSE 'F' END) = ?
