"""After a run: I1-I5 from ``netsuite_ap_sync.tools.audit`` plus counts read straight from
both sandboxes' storage: duplicates by external id and expected records missing.

The counts do not trust the warehouse: they compare what AP holds with what
NetSuite holds. The only warehouse facts used are the exemptions the rules
allow (open quarantine entries, S2 and R3 reports to revert by hand, F7 deletions
by the partner), each of which is itself reported to a person, and whether the
partner books reversals automatically (R1-R4).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Engine

from netsuite_ap_sync.rules.keys import payment_external_id, payout_external_id
from netsuite_ap_sync.rules.records import NS_NOT_APPROVED
from netsuite_ap_sync.rules.reversals import refund_external_id
from netsuite_ap_sync.warehouse import partners, quarantine, reports
from netsuite_ap_sync.warehouse.sql import load_sql

USD = 1
CENT = Decimal("0.01")


@dataclass
class RunCheck:
    violations: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    quarantined: int = 0
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.violations or self.duplicates or self.missing)


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def duplicated(values) -> dict[str, int]:
    return {value: n for value, n in Counter(v for v in values if v).items() if n > 1}


def exemptions(engine: Engine, partner_id: str) -> dict[str, set[str]]:
    """What the rules allow to be absent: quarantined records, S2 reverts, F7 partner deletions."""
    open_entries = quarantine.open_entries(engine, partner_id)
    by_type: dict[str, set[str]] = {}
    for entry in open_entries:
        by_type.setdefault(entry["object_type"], set()).add(entry["source_id"])
    actions = reports.manual_actions(engine, partner_id)
    s2 = {a["source_id"] for a in actions if a["rule"] == "S2"}
    r3 = {a["source_id"] for a in actions if a["rule"] == "R3"}
    with engine.connect() as conn:
        deleted = {r[0] for r in conn.execute(load_sql("ledger/deleted_by_partner.sql"), {"partner_id": partner_id})}
    return {**by_type, "S2": s2, "R3": r3, "F7": deleted}


def _from_netsuite(ap_invoices: dict, payment: dict) -> bool:
    invoice = ap_invoices.get(payment.get("invoice_id") or "")
    return bool(invoice and invoice.get("external_id"))


def count_records(
    ns_records: dict, ap_state: dict, exempt: dict[str, set[str]], automatic_reversals: bool = False
) -> tuple[list[str], list[str], dict]:
    """(duplicates, missing, counts) from NetSuite's and AP's own storage."""
    payments, deposits = ns_records["payments"], ns_records["deposits"]
    refunds, credits = ns_records.get("refunds", []), ns_records.get("credits", [])
    duplicates = [
        f"NetSuite {kind} external id {eid} x{n}"
        for kind, records in (
            ("customer payment", payments),
            ("deposit", deposits),
            ("customer refund", refunds),
            ("credit memo", credits),
        )
        for eid, n in duplicated(r.get("externalid") for r in records).items()
    ]
    duplicates += [
        f"AP {kind} external id {eid} x{n}"
        for kind in ("invoices", "customers")
        for eid, n in duplicated(r.get("external_id") for r in ap_state[kind]).items()
    ]
    ns_payment_ids = {r["externalid"] for r in payments if r.get("externalid")}
    ns_deposit_ids = {r["externalid"] for r in deposits if r.get("externalid")}
    ap_invoices = {i["id"]: i for i in ap_state["invoices"]}
    missing: list[str] = []
    unposted = exempt.get("payment", set()) | exempt["S2"] | exempt["F7"]
    for payment in ap_state["payments"]:
        if payment["status"] != "succeeded" or payment["id"] in unposted:
            continue
        # S7 payments (AP-created invoices) are lines of their payout's deposit, counted with it.
        if _from_netsuite(ap_invoices, payment) and payment_external_id(payment["id"]) not in ns_payment_ids:
            missing.append(f"customer payment for AP payment {payment['id']}")
    if automatic_reversals:
        missing += missing_reversals(ap_state["payments"], ap_invoices, ns_payment_ids, refunds, exempt)
    for payout in ap_state["payouts"]:
        if payout["status"] != "succeeded" or payout["id"] in exempt.get("payout", set()):
            continue
        if payout_external_id(payout["id"]) not in ns_deposit_ids:
            missing.append(f"deposit for AP payout {payout['id']}")
    ap_customers = {c.get("external_id") for c in ap_state["customers"]}
    deleted = {(d["type"], str(d["recordid"])) for d in ns_records.get("deleted", [])}
    for customer in ns_records["customers"]:
        cid = str(customer["id"])
        if cid not in ap_customers and cid not in exempt.get("customer", set()) and ("customer", cid) not in deleted:
            missing.append(f"AP customer for NetSuite customer {cid}")
    ap_by_eid = {i.get("external_id"): i for i in ap_state["invoices"] if i.get("external_id")}
    for invoice in ns_records["invoices"]:
        iid = str(invoice["id"])
        if (
            invoice["currency"] != USD
            or invoice["voided"] == "T"
            or invoice.get("status_label") in NS_NOT_APPROVED
            or not invoice["foreignamountunpaid"]
            or iid in exempt.get("invoice", set())
        ):
            continue
        if iid not in ap_by_eid:
            missing.append(f"AP invoice for unpaid NetSuite invoice {iid}")
        elif ap_by_eid[iid]["status"] == "archived":
            missing.append(f"AP invoice {ap_by_eid[iid]['id']} archived while NetSuite invoice {iid} is unpaid")
    counts = {
        "ns_customer_payments": len(ns_payment_ids),
        "ns_deposits": len(ns_deposit_ids),
        "ns_customer_refunds": len({r["externalid"] for r in refunds if r.get("externalid")}),
        "ap_invoices": len(ap_state["invoices"]),
        "ap_customers": len(ap_state["customers"]),
        "ap_payments": len(ap_state["payments"]),
        "ap_payouts": len(ap_state["payouts"]),
    }
    return duplicates, missing, counts


def missing_reversals(
    ap_payments: list[dict], ap_invoices: dict, ns_payment_ids: set[str], refunds: list[dict], exempt: dict
) -> list[str]:
    """R1-R3: each AP payment reversed after NetSuite took its customer payment has its customer refund,
    unless a person was asked to revert it (S2, R3) or it waits in quarantine."""
    booked = {r["externalid"] for r in refunds if r.get("externalid")}
    by_hand = exempt["S2"] | exempt.get("R3", set()) | exempt["F7"] | exempt.get("reversal", set())
    return [
        f"customer refund for {payment['status']} AP payment {payment['id']}"
        for payment in ap_payments
        if payment["status"] in ("refunded", "chargeback", "failed")
        and payment["id"] not in by_hand
        and _from_netsuite(ap_invoices, payment)
        and payment_external_id(payment["id"]) in ns_payment_ids
        and refund_external_id(payment["id"]) not in booked
    ]


def unexplained_quarantine(entries: list[dict], ns_records: dict) -> list[str]:
    """Quarantined records the source data does not explain: faults and kills must never quarantine.

    The generated data sets quarantine invoices in currencies AP does not take, and
    invoices whose customer is itself quarantined; anything else is a loss.
    """
    invoices = {str(i["id"]): i for i in ns_records["invoices"]}
    quarantined = {(e["object_type"], e["source_id"]) for e in entries}
    problems = []
    for entry in entries:
        invoice = invoices.get(entry["source_id"]) if entry["object_type"] == "invoice" else None
        if invoice and entry["check_name"] == "gx:currency_known" and invoice["currency"] != USD:
            continue
        if (
            invoice
            and entry["check_name"] == "gx:customer_known"
            and ("customer", str(invoice["entity"])) in quarantined
        ):
            continue
        problems.append(
            f"{entry['object_type']} {entry['source_id']} quarantined ({entry['check_name']}: {entry['reason']})"
        )
    return problems


def check_world(world) -> RunCheck:
    """I1-I5 (audit) and the counts, for one partner of a chaos world."""
    from netsuite_ap_sync.tools.audit import audit

    result = audit(world.ctx("audit"))
    exempt = exemptions(world.engine, world.partner_id)
    kinds = {"payments", "deposits", "customers", "invoices", "deleted", "refunds", "credits"}
    ns_records = world.ns_controls.records(kinds)
    automatic = partners.get(world.engine, world.partner_id).payment_reversals == "automatic"
    duplicates, missing, counts = count_records(ns_records, world.ap_controls.state(), exempt, automatic)
    open_entries = quarantine.open_entries(world.engine, world.partner_id)
    missing += unexplained_quarantine(open_entries, ns_records)
    return RunCheck(result["violations"], duplicates, missing, len(open_entries), {**result["checked"], **counts})
