SELECT chunk_no, id_low, id_high, unpaid, expected, status, records
FROM initial_sync_chunk
WHERE partner_id = :partner_id AND phase = :phase AND object_type = 'invoice'
ORDER BY chunk_no
