-- Invoices and customers deleted since the watermark (minus the overlap):
-- NetSuite's only record of deletions.
SELECT d.recordid, d.recordtypeid, d.type, d.name, d.context,
       TO_CHAR(d.deleteddate, 'YYYY-MM-DD HH24:MI:SS') AS deleteddate
FROM deletedrecord d
WHERE d.type IN ('invoice', 'customer')
  AND d.deleteddate >= TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')
ORDER BY d.deleteddate, d.recordid
