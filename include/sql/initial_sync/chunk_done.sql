UPDATE initial_sync_chunk SET status = 'done', records = :records, updated_at = :now
WHERE partner_id = :partner_id AND phase = :phase AND object_type = 'invoice' AND chunk_no = :chunk_no
  AND status = 'pending'
