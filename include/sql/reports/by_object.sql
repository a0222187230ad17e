-- Records per object and direction over every run of a partner.
SELECT object_type, direction, SUM(read_count) AS read_count, SUM(applied) AS applied,
       SUM(held) AS held, SUM(COALESCE(seconds, 0)) AS seconds
FROM sync_report
WHERE partner_id = :partner_id
GROUP BY object_type, direction
ORDER BY direction, object_type
