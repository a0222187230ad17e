"""Customers: F1 (NetSuite -> AP), F6 (never archived automatically), S6 (AP-only customers stay there)."""

from __future__ import annotations

from netsuite_ap_sync.rules.decisions import AP, Decision, ManualAction, Mutation, Quarantine, Skip
from netsuite_ap_sync.rules.keys import idempotency_key
from netsuite_ap_sync.rules.records import ApCustomer, NsCustomer, NsDeletion

OBJECT = "customer"


def plan_customer(ns: NsCustomer, ap: ApCustomer | None, *, archive_reported: bool = False) -> list[Decision]:
    """Decisions for one NetSuite customer; ``ap`` is the AP customer whose external_id is ``ns.id``.

    ``archive_reported``: the F6 report for this customer was already made.
    """
    if ns.is_inactive:
        return [f6_archive_by_hand(ns.id, ap, archive_reported=archive_reported, why="made inactive")]
    name = ap_customer_name(ns)
    if not name:
        return [
            Quarantine(
                "F1:has_name",
                OBJECT,
                ns.id,
                f"NetSuite customer {ns.id} has neither a company name nor an entity id; "
                "fill one in NetSuite so it can be created in AP",
            )
        ]
    if ap is None:
        if not ap_customer_email(ns):
            return [Quarantine("F1:has_email", OBJECT, ns.id, no_email_reason(ns))]
        return [f1_create(ns, name)]
    if ap.archived:
        return [
            Skip(
                "F1",
                OBJECT,
                ns.id,
                f"AP customer {ap.id} was archived in AP; AP cannot restore it, so it is left as is",
            )
        ]
    return [f1_update(ns, ap, name)]


def ap_customer_name(ns: NsCustomer) -> str:
    """F1: the AP name is the company name, or the entity id when there is none (people)."""
    return (ns.company_name or "").strip() or (ns.entity_id or "").strip()


def ap_customer_email(ns: NsCustomer) -> str:
    """F1: AP requires an email to create a customer; blank is none."""
    return (ns.email or "").strip()


def no_email_reason(ns: NsCustomer) -> str:
    return f"customer {(ns.entity_id or '').strip() or ns.id} has no email in NetSuite; add one"


def inactive_reason(ns_customer_id: str, entity_id: str | None) -> str:
    """F6: why an inactive customer's invoices do not reach AP."""
    return (
        f"customer {(entity_id or '').strip() or ns_customer_id} is inactive in NetSuite (F6), so it is not in AP; "
        "make it active there to sync its invoices"
    )


def f1_create(ns: NsCustomer, name: str) -> Mutation:
    """F1: create the AP customer carrying the NetSuite internal id as external_id."""
    payload: dict[str, object] = {"name": name, "email": ap_customer_email(ns), "external_id": ns.id}
    return Mutation(
        rules=("F1",),
        target=AP,
        action="create_customer",
        object_type=OBJECT,
        source_id=ns.id,
        key=idempotency_key(AP, "create_customer", OBJECT, ns.id),
        payload=payload,
    )


def f1_update(ns: NsCustomer, ap: ApCustomer, name: str) -> Decision:
    """F1: send only the fields that differ. AP takes a customer's email at creation only
    (its PATCH changes name, legal name, EIN and address), so later email edits stay in NetSuite."""
    changes: dict[str, object] = {}
    if ap.name != name:
        changes["name"] = name
    if not changes:
        return Skip("F1", OBJECT, ns.id, f"AP customer {ap.id} already matches NetSuite")
    return Mutation(
        rules=("F1",),
        target=AP,
        action="update_customer",
        object_type=OBJECT,
        source_id=ns.id,
        key=idempotency_key(AP, "update_customer", OBJECT, ns.id, *ns.version),
        payload=changes,
        target_id=ap.id,
    )


def f6_archive_by_hand(ns_customer_id: str, ap: ApCustomer | None, *, archive_reported: bool, why: str) -> Decision:
    """F6/S8: an inactive or deleted NetSuite customer is never archived in AP automatically.

    It is reported once so the partner archives it in AP by hand.
    """
    if ap is None:
        return Skip("F6", OBJECT, ns_customer_id, f"{why} in NetSuite and never created in AP")
    if ap.archived:
        return Skip("F6", OBJECT, ns_customer_id, f"{why} in NetSuite; AP customer {ap.id} already archived")
    if archive_reported:
        return Skip("F6", OBJECT, ns_customer_id, f"{why} in NetSuite; archive-by-hand already reported")
    return ManualAction(
        rule="F6",
        object_type=OBJECT,
        source_id=ns_customer_id,
        message=(
            f"Archive by hand in AP: customer {ap.name!r} (AP {ap.id}) was {why} in NetSuite "
            f"(internal id {ns_customer_id}); the integration never archives customers"
        ),
        invoice_number=None,
        amount=None,
        key=idempotency_key("manual", "F6", OBJECT, ns_customer_id),
    )


def plan_customer_deletion(
    deletion: NsDeletion, ap: ApCustomer | None, *, archive_reported: bool = False
) -> list[Decision]:
    """F6: a customer deleted in NetSuite is reported, not archived in AP."""
    return [f6_archive_by_hand(deletion.record_id, ap, archive_reported=archive_reported, why="deleted")]


def plan_ap_customer(ap: ApCustomer) -> list[Decision]:
    """S6: customers created in AP are never created in NetSuite."""
    if ap.external_id is None:
        return [Skip("S6", OBJECT, ap.id, "created in AP; customers never sync to NetSuite")]
    return [Skip("F1", OBJECT, ap.id, f"comes from NetSuite customer {ap.external_id}; synced from there")]
