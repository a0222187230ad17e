-- The NetSuite account each kind of AP fee is booked to (F4a, F4b), chosen at set-up.
-- fee_kind is an AP fee type (FT_METHOD, FT_PRODUCT, FT_LATE_PAYMENT, FT_INTEREST) for the
-- fees the partner pays, or 'covered_by_customer' for the income account of the fees its
-- customers pay. A kind without a row uses the partner's default account (partner.fee_account_id
-- for fees it pays, partner.other_deposits_account_id for fees customers pay), so partners set
-- up before this table keep posting exactly as before.
CREATE TABLE partner_fee_account (
    partner_id  TEXT NOT NULL REFERENCES partner (partner_id),
    fee_kind    TEXT NOT NULL
        CHECK (fee_kind IN ('FT_METHOD', 'FT_PRODUCT', 'FT_LATE_PAYMENT', 'FT_INTEREST', 'covered_by_customer')),
    account_id  TEXT NOT NULL,
    updated_at  {{timestamp}} NOT NULL,
    PRIMARY KEY (partner_id, fee_kind)
);
