SELECT TO_CHAR(MAX(c.lastmodifieddate), 'YYYY-MM-DD HH24:MI:SS') AS lastmodifieddate
FROM customer c
