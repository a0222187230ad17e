SELECT partner_id, COUNT(*) AS n FROM manual_action WHERE NOT done GROUP BY partner_id
