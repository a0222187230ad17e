-- AP payments read as failed, refunded or charged back after the reversals' watermark ('' for all), oldest first.
SELECT source_id, source_modified, raw_json
FROM stg_ap_payment
WHERE partner_id = :partner_id
  AND status IN ('failed', 'refunded', 'chargeback')
  AND source_modified > :since
ORDER BY source_modified, source_id
