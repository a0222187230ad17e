SELECT partner_id, COUNT(*) AS n FROM quarantine WHERE NOT resolved GROUP BY partner_id
