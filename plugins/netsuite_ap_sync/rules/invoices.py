"""Invoices, NetSuite -> AP: F2, F5/S8, S1, S3, S4, S5, S7.

One public planner per input: ``plan_invoice`` (a NetSuite invoice and the AP
invoice carrying its id), ``plan_invoice_deletion`` (a NetSuite deletion) and
``plan_ap_invoice`` (an AP invoice, for S7). Field changes are combined into
one ``update_invoice`` whose ``rules`` name every rule that contributed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from netsuite_ap_sync.rules.decisions import AP, Decision, Hold, Mutation, Quarantine, Skip
from netsuite_ap_sync.rules.keys import idempotency_key
from netsuite_ap_sync.rules.money import ZERO, fmt, inexact_amounts, json_integer, json_number
from netsuite_ap_sync.rules.records import (
    AP_ARCHIVED,
    AP_PAID,
    AP_PAID_VIA_AP,
    NS_NOT_APPROVED,
    NS_PAID_IN_FULL,
    NS_VOIDED,
    ApInvoice,
    ApLineItem,
    NsDeletion,
    NsInvoice,
)

OBJECT = "invoice"
_ONE = Decimal(1)
_CENT = Decimal("0.01")


# --- What NetSuite says the AP invoice should look like ------------------------------


def is_voided(ns: NsInvoice) -> bool:
    return ns.voided or ns.status == NS_VOIDED


def is_paid_in_full(ns: NsInvoice) -> bool:
    """S1: nothing left unpaid in NetSuite (payments or credits, S3)."""
    return ns.amount_unpaid == ZERO


def is_frozen(ap: ApInvoice) -> bool:
    """S4: paid through AP; NetSuite edits no longer reach it."""
    return ap.status == AP_PAID and ap.paid_via == AP_PAID_VIA_AP


def ap_due_date(ns: NsInvoice) -> date:
    """AP needs a due date; a NetSuite invoice without one is due on its date."""
    return ns.due_date or ns.tran_date


def ap_line_items(ns: NsInvoice) -> tuple[ApLineItem, ...]:
    """F2: NetSuite lines as AP line items; the description falls back to the item.

    AP's line ``amount`` is a unit price in cents (AP sums amount x quantity) and its
    ``quantity`` an integer. A line of a whole quantity whose cents rate x quantity is
    its amount keeps both. A fractional quantity (3.5 hours) goes as one unit of the
    line amount, with quantity and rate written into the description; any other line
    (discounts, rounding, no quantity) goes as one unit of its amount, so totals agree.
    """
    return tuple(_ap_line(line) for line in ns.lines)


def _ap_line(line) -> ApLineItem:
    description = (line.description or line.item or "").strip()
    quantity, rate = line.quantity, line.rate
    if quantity is not None and quantity > ZERO and quantity != quantity.to_integral_value():
        return ApLineItem(description=_with_quantity(description, quantity, rate), quantity=_ONE, amount=line.amount)
    if quantity and rate is not None and _is_cents(rate) and rate * quantity == line.amount:
        return ApLineItem(description=description, quantity=quantity, amount=rate)
    return ApLineItem(description=description, quantity=_ONE, amount=line.amount)


def _with_quantity(description: str, quantity: Decimal, rate: Decimal | None) -> str:
    """The NetSuite quantity (and rate) a one-unit AP line stands for, for people reading it in AP."""
    count = f"{quantity.normalize():f}"
    detail = f"{count} x {_price_text(rate)}" if rate is not None else f"quantity {count}"
    return f"{description} ({detail})" if description else detail


def _price_text(rate: Decimal) -> str:
    """A rate in cents, or with every digit it has beyond them: written the same however
    NetSuite spells it (100, 100.00), since S5 compares the description."""
    digits = rate.normalize()
    return fmt(digits.quantize(_CENT) if digits.as_tuple().exponent >= -2 else digits)


def _is_cents(amount: Decimal) -> bool:
    return amount == amount.quantize(_CENT)


def ap_amount_due(ns: NsInvoice, unposted_ap_payments: Decimal = ZERO) -> Decimal:
    """S3: the AP open balance is NetSuite's amount unpaid, less AP payments not yet posted there."""
    return max(ns.amount_unpaid - unposted_ap_payments, ZERO)


def _line_items_payload(items: tuple[ApLineItem, ...]) -> list[dict[str, object]]:
    return [
        {
            "description": item.description,
            "quantity": json_integer(item.quantity),
            "amount": json_number(item.amount),
        }
        for item in items
    ]


# --- Planner -------------------------------------------------------------------------


def plan_invoice(
    ns: NsInvoice,
    ap: ApInvoice | None,
    *,
    ap_customer_id: str | None,
    unposted_ap_payments: Decimal = ZERO,
) -> list[Decision]:
    """Decisions for one NetSuite invoice.

    ``ap``: the AP invoice whose external_id is ``ns.id`` (None = not created).
    ``ap_customer_id``: the AP customer mapped from ``ns.customer_id`` (None = not created yet).
    ``unposted_ap_payments``: sum of sub_totals of succeeded AP payments on this
    invoice not yet posted to NetSuite, so a held payment does not raise the AP
    balance back up.
    """
    if is_voided(ns):
        return [f5_archive(ns.id, ap, why="voided")]
    if ns.status in NS_NOT_APPROVED:
        return [Skip("F2", OBJECT, ns.id, f"status {ns.status!r} in NetSuite; syncs once approved")]
    if ap is not None and is_frozen(ap):
        return [s4_frozen(ns.id, ap)]
    problem = invoice_problem(ns)
    if problem is not None:
        return [Quarantine(problem[0], OBJECT, ns.id, problem[1])]
    if ap is None:
        return f2_create(ns, ap_customer_id)
    if ap.status == AP_ARCHIVED:
        return [
            Skip(
                "F2",
                OBJECT,
                ns.id,
                f"AP invoice {ap.id} was archived in AP; AP cannot restore it, "
                f"void or delete invoice {ns.tran_id} in NetSuite to match",
            )
        ]
    conflict = immutable_conflict(ns, ap, ap_customer_id)
    if conflict is not None:
        return [Quarantine(conflict[0], OBJECT, ns.id, conflict[1])]
    return f2_sync(ns, ap, unposted_ap_payments)


def invoice_problem(ns: NsInvoice) -> tuple[str, str] | None:
    """Preconditions of F2/S1/S3 on the NetSuite data: (check, reason) of the first broken one."""
    name = f"NetSuite invoice {ns.tran_id or '?'} (internal id {ns.id})"
    if not ns.tran_id:
        return "F2:has_number", f"{name} has no number; AP needs one"
    if not ns.currency:
        return "F2:has_currency", f"{name} has no currency"
    if ns.total < ZERO:
        return "F2:total_not_negative", f"{name} has a negative total {fmt(ns.total)}; fix it in NetSuite"
    if ns.amount_unpaid < ZERO:
        return "S3:unpaid_not_negative", f"{name} has a negative amount unpaid {fmt(ns.amount_unpaid)}"
    if ns.amount_unpaid > ns.total:
        return (
            "S3:unpaid_within_total",
            f"{name}: amount unpaid {fmt(ns.amount_unpaid)} exceeds its total {fmt(ns.total)}; "
            "check its payments and credits in NetSuite",
        )
    if ns.status == NS_PAID_IN_FULL and ns.amount_unpaid != ZERO:
        return (
            "S1:paid_in_full_has_no_balance",
            f"{name} is 'Paid In Full' but still shows {fmt(ns.amount_unpaid)} unpaid",
        )
    amounts = [ns.total, ns.amount_unpaid]
    for item in ap_line_items(ns):
        amounts += [item.quantity, item.amount]
    inexact = inexact_amounts(amounts)
    if inexact:
        return "F2:exact_amounts", f"{name}: {fmt(inexact[0])} has too many digits to send to AP exactly"
    return None


def immutable_conflict(ns: NsInvoice, ap: ApInvoice, ap_customer_id: str | None) -> tuple[str, str] | None:
    """AP cannot change an invoice's number, currency or customer: such NetSuite edits need a person."""
    fix = f"archive AP invoice {ap.id} by hand; the next NetSuite change then creates it afresh"
    if ap.invoice_number != ns.tran_id:
        return (
            "F2:same_number",
            f"NetSuite invoice {ns.id} was renumbered {ap.invoice_number} -> {ns.tran_id}; {fix}",
        )
    if ap.currency.upper() != ns.currency.upper():
        return (
            "F2:same_currency",
            f"NetSuite invoice {ns.tran_id} changed currency {ap.currency} -> {ns.currency}; {fix}",
        )
    if ap_customer_id is not None and ap.customer_id != ap_customer_id:
        return (
            "F2:same_customer",
            f"NetSuite invoice {ns.tran_id} moved to another customer (AP {ap.customer_id} -> {ap_customer_id}); {fix}",
        )
    return None


# --- F2 create -------------------------------------------------------------------------


def f2_create(ns: NsInvoice, ap_customer_id: str | None) -> list[Decision]:
    """F2: create the AP invoice with number, customer, currency, lines, total, due date, open balance.

    An invoice already paid in full in NetSuite (history, C2) is created with
    nothing due, which AP records as paid outside AP (S1), in one call.
    """
    if ap_customer_id is None:
        return [
            Hold(
                "F2",
                OBJECT,
                ns.id,
                f"waiting for the AP customer of NetSuite customer {ns.customer_id} (F1)",
            )
        ]
    payload: dict[str, object] = {
        "customer_id": ap_customer_id,
        "external_id": ns.id,
        "invoice_number": ns.tran_id,
        "currency": ns.currency,
        "due_date": ap_due_date(ns).isoformat(),
        "line_items": _line_items_payload(ap_line_items(ns)),
        "total": json_number(ns.total),
        "amount_due": json_number(ns.amount_unpaid),
    }
    if ns.memo:
        payload["memo"] = ns.memo
    rules = ("F2", "S3") if ns.amount_unpaid != ns.total else ("F2",)
    if is_paid_in_full(ns):
        # Created with nothing due, AP records it paid outside AP (S1): no second call.
        rules = ("F2", "S1")
    decisions: list[Decision] = [
        Mutation(
            rules=rules,
            target=AP,
            action="create_invoice",
            object_type=OBJECT,
            source_id=ns.id,
            key=idempotency_key(AP, "create_invoice", OBJECT, ns.id),
            payload=payload,
        )
    ]
    return decisions


# --- F2/S1/S3/S5 update of an existing, unfrozen AP invoice -------------------------------


def f2_sync(ns: NsInvoice, ap: ApInvoice, unposted_ap_payments: Decimal = ZERO) -> list[Decision]:
    """Bring the AP invoice to NetSuite's state; NetSuite wins over AP-side edits (S5).

    Planned from NetSuite version ``ns.last_modified``: re-reading the same
    version gives the same keys, so an AP-side edit survives until the next
    NetSuite change, which then overwrites it.
    """
    paid_in_ns = is_paid_in_full(ns)
    if paid_in_ns and ap.status == AP_PAID:
        return [
            Skip(
                "S1",
                OBJECT,
                ns.id,
                f"paid in NetSuite and in AP (invoice {ap.id}); edits to paid invoices are not synced",
            )
        ]
    changes, rules = s5_field_changes(ns, ap)
    decisions: list[Decision] = []
    if not paid_in_ns:
        amount_due = ap_amount_due(ns, unposted_ap_payments)
        if ap.status == AP_PAID:
            # Paid outside AP and now unpaid again in NetSuite (payment deleted, credit removed).
            decisions.append(s1_reopen(ns, ap, amount_due))
        elif ap.amount_due != amount_due:
            changes["amount_due"] = json_number(amount_due)
            rules.add("S3")
    if changes:
        decisions.append(
            Mutation(
                rules=tuple(sorted(rules | {"F2"})),
                target=AP,
                action="update_invoice",
                object_type=OBJECT,
                source_id=ns.id,
                key=idempotency_key(AP, "update_invoice", OBJECT, ns.id, *ns.version),
                payload=changes,
                target_id=ap.id,
            )
        )
    if paid_in_ns:
        decisions.append(s1_mark_paid(ns, target_id=ap.id))
    if not decisions:
        return [Skip("F2", OBJECT, ns.id, f"AP invoice {ap.id} already matches NetSuite")]
    return decisions


def s5_field_changes(ns: NsInvoice, ap: ApInvoice) -> tuple[dict[str, object], set[str]]:
    """S5: amount and due-date edits of an unpaid invoice flow to AP; lines and memo with them (F2)."""
    changes: dict[str, object] = {}
    rules: set[str] = set()
    amount_rule = "S5" if not is_paid_in_full(ns) else "F2"
    due = ap_due_date(ns)
    if ap.due_date != due:
        changes["due_date"] = due.isoformat()
        rules.add(amount_rule)
    if ap.total != ns.total:
        changes["total"] = json_number(ns.total)
        rules.add(amount_rule)
    items = ap_line_items(ns)
    if ap.line_items != items:
        changes["line_items"] = _line_items_payload(items)
        rules.add("F2")
    if (ap.memo or None) != (ns.memo or None):
        changes["memo"] = ns.memo or None
        rules.add("F2")
    return changes, rules


def s1_mark_paid(ns: NsInvoice, *, target_id: str | None) -> Mutation:
    """S1: paid in full in NetSuite (payments or credits) marks the AP invoice paid outside AP."""
    return Mutation(
        rules=("S1",),
        target=AP,
        action="mark_invoice_paid",
        object_type=OBJECT,
        source_id=ns.id,
        key=idempotency_key(AP, "mark_invoice_paid", OBJECT, ns.id, *ns.version),
        payload={"status": AP_PAID},
        target_id=target_id,
    )


def s1_reopen(ns: NsInvoice, ap: ApInvoice, amount_due: Decimal) -> Mutation:
    """S1/S3: an invoice paid outside AP that NetSuite shows unpaid again gets its balance back."""
    return reopen_invoice_balance(("S1", "S3"), OBJECT, ns.id, ns, ap, amount_due)


def reopen_invoice_balance(
    rules: tuple[str, ...], object_type: str, source_id: str, ns: NsInvoice, ap: ApInvoice, amount_due: Decimal
) -> Mutation:
    """S1/S3 and F7: set the AP invoice's ``amount_due`` back, once per version of its NetSuite invoice."""
    return Mutation(
        rules=rules,
        target=AP,
        action="reopen_invoice_balance",
        object_type=object_type,
        source_id=source_id,
        key=idempotency_key(AP, "reopen_invoice_balance", object_type, source_id, *ns.version),
        payload={"amount_due": json_number(amount_due)},
        target_id=ap.id,
    )


# --- S4 frozen ---------------------------------------------------------------------------


def s4_frozen(ns_invoice_id: str, ap: ApInvoice) -> Skip:
    """S4: an invoice paid in AP is frozen; later NetSuite edits change nothing in AP.

    The one exception is F7 (``payments.f7_partner_deleted``): when the partner
    deletes the customer payment this integration posted, the AP balance is
    reopened from NetSuite's amount unpaid.
    """
    return Skip(
        "S4",
        OBJECT,
        ns_invoice_id,
        f"AP invoice {ap.id} was paid in AP; later NetSuite edits change nothing there",
    )


# --- F5/S8 archive -----------------------------------------------------------------------


def f5_archive(ns_invoice_id: str, ap: ApInvoice | None, *, why: str) -> Decision:
    """F5/S8: an invoice voided or deleted in NetSuite is archived in AP.

    A paid-in-AP invoice stays as it is (S4 freezes it).
    """
    if ap is None:
        return Skip("F5", OBJECT, ns_invoice_id, f"{why} in NetSuite and never created in AP")
    if ap.status == AP_ARCHIVED:
        return Skip("F5", OBJECT, ns_invoice_id, f"{why} in NetSuite; AP invoice {ap.id} already archived")
    if is_frozen(ap):
        return Skip(
            "S4",
            OBJECT,
            ns_invoice_id,
            f"{why} in NetSuite after AP invoice {ap.id} was paid in AP; paid invoices are left as they are",
        )
    return Mutation(
        rules=("F5", "S8"),
        target=AP,
        action="archive_invoice",
        object_type=OBJECT,
        source_id=ns_invoice_id,
        key=idempotency_key(AP, "archive_invoice", OBJECT, ns_invoice_id),
        payload={},
        target_id=ap.id,
    )


def plan_invoice_deletion(deletion: NsDeletion, ap: ApInvoice | None) -> list[Decision]:
    """F5/S8: an invoice deleted in NetSuite is archived in AP."""
    return [f5_archive(deletion.record_id, ap, why="deleted")]


# --- S7 AP-only invoices ------------------------------------------------------------------


def plan_ap_invoice(ap: ApInvoice) -> list[Decision]:
    """S7: invoices created in AP are never created in NetSuite (their payments: ``payments.s7_standalone``)."""
    if ap.external_id is None:
        return [Skip("S7", OBJECT, ap.id, "created in AP; invoices never sync to NetSuite")]
    return [Skip("F2", OBJECT, ap.id, f"comes from NetSuite invoice {ap.external_id}; synced from there")]
