UPDATE partner
SET initial_phase = :phase, progress_done = :done, progress_left = :left,
    history_boundary = COALESCE(:history_boundary, history_boundary), updated_at = :now
WHERE partner_id = :partner_id
