INSERT INTO drift_audit (partner_id, run_id, audited_at, findings)
VALUES (:partner_id, :run_id, :now, :findings)
