-- Customer payments deleted since the watermark (minus the overlap), for F7.
SELECT d.recordid, d.recordtypeid, d.type, d.name, d.context,
       TO_CHAR(d.deleteddate, 'YYYY-MM-DD HH24:MI:SS') AS deleteddate
FROM deletedrecord d
WHERE d.type = 'customerpayment'
  AND d.deleteddate >= TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')
ORDER BY d.deleteddate, d.recordid
