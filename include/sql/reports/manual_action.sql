-- Listed once: a second report of the same action inserts nothing.
INSERT INTO manual_action (partner_id, rule, object_type, source_id, message, invoice_number, amount,
                           run_id, reported_at)
VALUES (:partner_id, :rule, :object_type, :source_id, :message, :invoice_number, :amount, :run_id, :now)
ON CONFLICT (partner_id, rule, object_type, source_id) DO NOTHING
