-- Customers changed since the watermark (minus the overlap), in NetSuite's own clock.
SELECT c.id, c.entityid, c.companyname, c.email, c.isperson, c.isinactive, c.externalid,
       c.currency, TO_CHAR(c.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lastmodifieddate
FROM customer c
WHERE c.lastmodifieddate >= TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')
