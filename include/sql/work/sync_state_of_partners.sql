-- The named partners' watermarks (and run marks) for the named objects: what one probe task reads.
SELECT partner_id, object_type, watermark, updated_at
FROM sync_state
WHERE partner_id IN :partner_ids
  AND object_type IN :object_types
