-- Progress moves in one statement so concurrent chunks never lose a count.
UPDATE partner
SET progress_done = progress_done + :done,
    progress_left = CASE WHEN progress_left > :done THEN progress_left - :done ELSE 0 END,
    updated_at = :now
WHERE partner_id = :partner_id
