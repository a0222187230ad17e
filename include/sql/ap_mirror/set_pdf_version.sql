UPDATE ap_invoice SET pdf_source_version = :version WHERE partner_id = :partner_id AND ap_id = :ap_id
