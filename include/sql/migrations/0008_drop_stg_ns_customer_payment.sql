-- stg_ns_customer_payment was created in 0001 for NetSuite customer payments,
-- but the sync never stages them: payments come from AP (stg_ap_payment) and
-- reach NetSuite through the ledger, and a payment deleted in NetSuite is
-- staged in stg_ns_deleted_payment. Nothing ever wrote the table, so dropping
-- it loses no data. Plain SQL on both dialects; its unique index goes with it.
DROP TABLE stg_ns_customer_payment;
