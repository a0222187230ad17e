-- Every partner's watermarks (and run marks) for the named objects, in one read.
SELECT partner_id, object_type, watermark, updated_at
FROM sync_state
WHERE object_type IN :object_types
