-- Watermarks only move forward (values compare as text in the source's format).
INSERT INTO sync_state (partner_id, object_type, watermark, run_id, updated_at)
VALUES (:partner_id, :object_type, :watermark, :run_id, :now)
ON CONFLICT (partner_id, object_type) DO UPDATE SET
    watermark = excluded.watermark, run_id = excluded.run_id, updated_at = excluded.updated_at
WHERE sync_state.watermark IS NULL OR sync_state.watermark < excluded.watermark
