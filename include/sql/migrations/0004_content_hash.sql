-- NetSuite stamps lastmodifieddate to the second, so two readings of one
-- (id, last modified) can differ: the record changed again within that second.
-- Each staged row keeps a hash of its content (sha256 of the canonical JSON of
-- its typed values and the answer as received): a reading whose hash differs is
-- staged again, one whose hash matches is skipped, and the rules put the hash in
-- their keys beside the last-modified value. Rows staged before have none: they
-- are compared by their raw JSON until read again.
ALTER TABLE stg_ns_customer ADD COLUMN content_hash TEXT;
ALTER TABLE stg_ns_invoice ADD COLUMN content_hash TEXT;
ALTER TABLE stg_ns_customer_payment ADD COLUMN content_hash TEXT;
ALTER TABLE stg_ns_deleted_record ADD COLUMN content_hash TEXT;
ALTER TABLE stg_ns_deleted_payment ADD COLUMN content_hash TEXT;
ALTER TABLE stg_ap_payment ADD COLUMN content_hash TEXT;
ALTER TABLE stg_ap_payout ADD COLUMN content_hash TEXT;
