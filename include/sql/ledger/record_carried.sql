-- A payment posted as part of another record's mutation (S7: a line of its payout's
-- deposit), written once, as posted, when that mutation reached NetSuite.
INSERT INTO ledger (idempotency_key, partner_id, target_system, action, object_type, source_id, rules,
                    payload_hash, status, attempts, remote_id, run_id, created_at, updated_at, posted_at)
VALUES (:key, :partner_id, :target_system, :action, 'payment', :source_id, :rules,
        :payload_hash, 'posted', 1, :remote_id, :run_id, :now, :now, :now)
ON CONFLICT (idempotency_key) DO NOTHING
