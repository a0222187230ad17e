"""Pure sync rules between NetSuite and Alternative Payments: no I/O, standard library only.

The pipeline turns warehouse rows into ``records``, calls a planner, and
executes the returned ``decisions``. Where each rule lives:

==========  ==========================================================================
rule        function
==========  ==========================================================================
F1          customers.plan_customer -> f1_create, f1_update
F2          invoices.plan_invoice -> f2_create, f2_sync, invoice_problem, immutable_conflict
F3 (S1)     payments.plan_payment -> f3_customer_payment, f3_problem, customer_payment_body
F4          deposits.plan_payout -> split_payout, payout_problem, f4_balance_problem, f4_deposit
F4a         deposits.fee_line, deposits.partner_fee_account, deposits.fee_kind
F4b         deposits.surcharge_line, deposits.covered_fee_line, deposits.income_account
F5, S8      invoices.f5_archive (plan_invoice for voided, plan_invoice_deletion)
F6          customers.f6_archive_by_hand (plan_customer, plan_customer_deletion)
F7          payments.f7_partner_deleted, payments.plan_payment_deletion
F8          pdfs.plan_invoice_pdf -> f8_attach_pdf
S1          invoices.s1_mark_paid, invoices.s1_reopen; payments.f3_customer_payment
S2          payments.s2_reversed
S3          invoices.ap_amount_due (used by f2_create, f2_sync)
S4          invoices.s4_frozen, invoices.is_frozen (exception: F7)
S5          invoices.s5_field_changes, f2_sync
S6          customers.plan_ap_customer
S7          invoices.plan_ap_invoice; payments.s7_wait_for_payout; deposits.standalone_line
C3          payments.c3_hold (payments, payouts)
I1-I5       invariants.check_i1 ... check_i5
I5          watermarks.advance_watermark, watermarks.overlap_start
==========  ==========================================================================

Deletions of any type: ``deletions.plan_deletion``. Ids and keys: ``keys``.
"""
