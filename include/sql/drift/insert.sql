INSERT INTO drift_finding (partner_id, run_id, check_name, object_type, record_id, difference, to_do, repair,
                           repair_outcome, found_at)
VALUES (:partner_id, :run_id, :check_name, :object_type, :record_id, :difference, :to_do, :repair,
        :repair_outcome, :now)
