-- The peer's invoice stream: the pipeline's columns, offset paged in id order;
-- the last parameter is the id to start after (restarts past the row cap).
SELECT t.id, t.tranid, t.entity, TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate,
       TO_CHAR(t.duedate, 'YYYY-MM-DD') AS duedate, t.currency, cur.symbol AS currencysymbol,
       t.foreigntotal, t.foreignamountunpaid, t.foreignamountpaid, BUILTIN.DF(t.status) AS status,
       t.externalid, t.memo, t.voided, TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lastmodifieddate
FROM transaction t
LEFT JOIN currency cur ON cur.id = t.currency
WHERE t.type = 'CustInvc'
  AND t.lastmodifieddate >= TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')
  AND t.id > ?
ORDER BY t.id
