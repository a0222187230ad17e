INSERT INTO initial_sync_chunk (partner_id, phase, object_type, chunk_no, id_low, id_high, unpaid, expected,
                                status, records, updated_at)
VALUES (:partner_id, :phase, 'invoice', :chunk_no, :id_low, :id_high, :unpaid, :expected, 'pending', 0, :now)
ON CONFLICT (partner_id, phase, object_type, chunk_no) DO NOTHING
