SELECT DISTINCT source_id FROM stg_ns_deleted_record
WHERE partner_id = :partner_id AND record_type = 'invoice' AND source_id IN :ids
