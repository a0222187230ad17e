UPDATE partner SET status = :status, status_message = :message, updated_at = :now
WHERE partner_id = :partner_id
