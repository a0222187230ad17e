"""Hypothesis strategies for sync-rule records: tidy ones for equalities, wild ones for "never drops"."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import strategies as st

from netsuite_ap_sync.rules.ns_clock import format_ns_clock
from netsuite_ap_sync.rules.records import (
    ApCustomer,
    ApFee,
    ApInvoice,
    ApLineItem,
    ApPayment,
    ApPayout,
    NsCustomer,
    NsInvoice,
    NsInvoiceLine,
    PartnerAccounts,
    PaymentRoute,
    PayoutPayment,
)

ZERO = Decimal(0)

ids = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12) | st.from_regex(
    r"[a-z]{2,4}_[0-9]{1,6}", fullmatch=True
)
ns_clocks = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)).map(format_ns_clock)
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
money = st.decimals(min_value=0, max_value=Decimal("1000000"), places=2)
positive_money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)
wild_money = st.one_of(
    money,
    st.decimals(min_value=Decimal("-1000"), max_value=Decimal("0"), places=2),
    st.decimals(min_value=Decimal("1e13"), max_value=Decimal("1e22"), places=4),
    st.sampled_from([ZERO, Decimal("0.001"), Decimal("9999999999999.99")]),
)
optional_text = st.none() | st.text(max_size=20)
ns_statuses = st.sampled_from(["Open", "Paid In Full", "Voided", "Pending Approval", "Rejected", "Partially Paid"])
ap_invoice_statuses = st.sampled_from(["open", "partially_paid", "paid", "archived", "overdue", "sent"])
payment_statuses = st.sampled_from(["pending", "succeeded", "failed", "refunded", "chargeback", "processing", "x"])
payout_statuses = st.sampled_from(["succeeded", "pending", "processing", "failed", "canceled", "scheduled"])


@st.composite
def ns_lines(draw, amounts=money) -> NsInvoiceLine:
    return NsInvoiceLine(
        item=draw(st.none() | st.text(max_size=10)),
        description=draw(optional_text),
        quantity=draw(st.none() | st.decimals(min_value=0, max_value=1000, places=3)),
        rate=draw(st.none() | money),
        amount=draw(amounts),
    )


@st.composite
def syncable_ns_invoices(draw, unpaid: bool | None = None) -> NsInvoice:
    """Approved, not voided, consistent NetSuite invoices: what F2 syncs without quarantine."""
    total = draw(money)
    if unpaid is True:
        total = max(total, Decimal("0.01"))
        amount_unpaid = draw(st.decimals(min_value=Decimal("0.01"), max_value=total, places=2))
    elif unpaid is False:
        amount_unpaid = ZERO
    else:
        amount_unpaid = draw(st.sampled_from([total, ZERO]) | st.decimals(min_value=0, max_value=total, places=2))
    return NsInvoice(
        id=draw(st.from_regex(r"[0-9]{1,6}", fullmatch=True)),
        tran_id=draw(st.from_regex(r"INV-[0-9]{1,6}", fullmatch=True)),
        customer_id="4",
        tran_date=draw(dates),
        due_date=draw(st.none() | dates),
        currency=draw(st.sampled_from(["USD", "EUR", "JPY"])),
        total=total,
        amount_unpaid=amount_unpaid,
        amount_paid=total - amount_unpaid,
        status="Paid In Full" if amount_unpaid == ZERO else "Open",
        voided=False,
        memo=draw(st.none() | st.text(max_size=20)),
        last_modified=draw(ns_clocks),
        lines=tuple(draw(st.lists(ns_lines(), max_size=3))),
        currency_id=draw(st.none() | st.just("1")),
    )


@st.composite
def wild_ns_invoices(draw) -> NsInvoice:
    return NsInvoice(
        id=draw(ids),
        tran_id=draw(st.text(max_size=8)),
        customer_id=draw(ids),
        tran_date=draw(dates),
        due_date=draw(st.none() | dates),
        currency=draw(st.sampled_from(["USD", "usd", "EUR", ""])),
        total=draw(wild_money),
        amount_unpaid=draw(wild_money),
        amount_paid=draw(wild_money),
        status=draw(ns_statuses),
        voided=draw(st.booleans()),
        memo=draw(optional_text),
        last_modified=draw(ns_clocks),
        lines=tuple(draw(st.lists(ns_lines(wild_money), max_size=3))),
        currency_id=draw(st.none() | ids),
    )


@st.composite
def unfrozen_ap_invoices_for(draw, ns: NsInvoice) -> ApInvoice:
    """An AP invoice for ``ns`` in any state AP-side edits or lag could leave it, short of paid in AP."""
    status = draw(st.sampled_from(["open", "partially_paid", "paid", "overdue"]))
    return ApInvoice(
        id=f"inv_{ns.id}",
        external_id=ns.id,
        customer_id="cus_4",
        invoice_number=ns.tran_id,
        currency=ns.currency,
        due_date=draw(st.none() | dates),
        total=draw(money),
        amount_due=draw(money),
        status=status,
        paid_via=draw(st.sampled_from([None, "external"])) if status == "paid" else None,
        line_items=tuple(
            draw(
                st.lists(
                    st.builds(ApLineItem, description=st.text(max_size=8), quantity=money, amount=money), max_size=2
                )
            )
        ),
        pdf_source_version=draw(st.none() | ns_clocks),
        memo=draw(optional_text),
    )


@st.composite
def wild_ap_invoices(draw, external_id: str | None = None) -> ApInvoice:
    status = draw(ap_invoice_statuses)
    return ApInvoice(
        id=draw(ids),
        external_id=external_id if external_id is not None else draw(st.none() | ids),
        customer_id=draw(ids),
        invoice_number=draw(st.text(max_size=8)),
        currency=draw(st.sampled_from(["USD", "EUR"])),
        due_date=draw(st.none() | dates),
        total=draw(wild_money),
        amount_due=draw(wild_money),
        status=status,
        paid_via=draw(st.sampled_from([None, "ap", "external"])),
        line_items=(),
        pdf_source_version=draw(st.none() | ns_clocks),
        memo=draw(optional_text),
    )


ns_customers = st.builds(
    NsCustomer,
    id=ids,
    entity_id=st.text(max_size=10),
    company_name=optional_text,
    email=st.none() | st.emails(),
    is_person=st.booleans(),
    is_inactive=st.booleans(),
    external_id=st.none() | ids,
    currency=st.none() | st.just("USD"),
    last_modified=ns_clocks,
)
ap_customers = st.builds(
    ApCustomer,
    id=ids,
    external_id=st.none() | ids,
    name=st.text(max_size=10),
    email=st.none() | st.emails(),
    archived=st.booleans(),
)
accounts = st.builds(
    PartnerAccounts,
    undeposited_funds_id=st.none() | st.just("uf-1"),
    bank_account_id=st.none() | st.just("bank-1"),
    fee_account_id=st.none() | st.just("fees-1"),
    other_deposits_account_id=st.none() | st.just("od-1"),
)
fees = st.builds(
    ApFee, amount=money, name=st.text(max_size=8), type=st.just("FT_METHOD"), covered_by_customer=st.booleans()
)


@st.composite
def ap_payments(draw, status=payment_statuses, amounts=wild_money) -> ApPayment:
    return ApPayment(
        id=draw(ids),
        invoice_id=draw(st.none() | ids),
        customer_id=draw(ids),
        status=draw(status),
        total=draw(amounts),
        sub_total=draw(amounts),
        fees=(),
        created_at=draw(st.none() | dates | st.datetimes(min_value=datetime(2020, 1, 1))),
        payment_method=draw(st.none() | st.just("ach")),
    )


@st.composite
def payout_payments(draw, index: int) -> PayoutPayment:
    """A tidy succeeded payment of a payout: 0 < sub_total <= total."""
    sub_total = draw(positive_money)
    surcharge = draw(st.sampled_from([ZERO]) | st.decimals(min_value=0, max_value=50, places=2))
    route = draw(st.sampled_from(list(PaymentRoute)))
    payment = ApPayment(
        id=f"pay_{index}",
        invoice_id=f"inv_{index}",
        customer_id="cus_4",
        status="succeeded",
        total=sub_total + surcharge,
        sub_total=sub_total,
    )
    posted = draw(st.sampled_from([f"cp-{index}", f"cp-{index}", None]))
    return PayoutPayment(
        payment=payment, route=route, ns_payment_id=posted if route.value == "customer_payment" else None
    )


@st.composite
def payouts_with_payments(draw) -> tuple[ApPayout, list[PayoutPayment], Decimal]:
    """A succeeded payout, its payments, and how far its total is off the arithmetic (0 = balanced)."""
    members = [draw(payout_payments(i)) for i in range(draw(st.integers(0, 5)))]
    payout_fees = tuple(draw(st.lists(fees, max_size=3)))
    balanced = sum((pp.payment.total for pp in members), ZERO) - sum((f.amount for f in payout_fees), ZERO)
    error = draw(st.sampled_from([ZERO, ZERO, ZERO]) | st.decimals(min_value=-5, max_value=5, places=2))
    payout = ApPayout(
        id="po_1",
        status="succeeded",
        total=balanced + error,
        sub_total=sum((pp.payment.total for pp in members), ZERO),
        fees=payout_fees,
        arrival_date=draw(st.none() | dates),
        payment_ids=tuple(pp.payment.id for pp in members),
    )
    return payout, members, error
