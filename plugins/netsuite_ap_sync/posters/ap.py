"""Carry out AP mutations (customers, invoices, PDFs) and keep the mirror and id map in step."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.mapping import ap_mirror_rows
from netsuite_ap_sync.rules.decisions import Mutation

# Which id map a mutation's object belongs to (a PDF belongs to its invoice).
_MAPPED_OBJECT = {"customer": "customer", "invoice": "invoice", "invoice_pdf": "invoice"}
# What AP's PATCH /customers accepts. Email is not among them: an email changed in
# NetSuite cannot reach AP, and must not make AP refuse the rest of the change.
_CUSTOMER_PATCHABLE = frozenset(
    {"name", "legal_name", "ein", "street_address", "sub_premise", "city", "state", "postal_code", "country"}
)


class ApPoster:
    """The mirror learns of a change only after the ledger marks it posted: a task killed
    in between leaves the mirror as it was, so the next attempt plans the same mutation
    again and finishes its ledger entry (by the look-up) instead of leaving it pending.
    Killed after the ledger write, the next attempt finds the entry done with no answer
    kept: a record created then is read back from AP, or the mirror would never hold it
    until AP is next read, and what needs it meanwhile (its PDF, F8) would pass it by."""

    target = "ap"

    def __init__(self) -> None:
        self._answers: dict[tuple[str, str], dict] = {}
        self._lock = threading.Lock()

    def find_existing(self, ctx: RunContext, m: Mutation) -> str | None:
        finders = {
            "create_customer": ctx.ap.find_customer_by_external_id,
            "create_invoice": ctx.ap.find_invoice_by_external_id,
        }
        finder = finders.get(m.action)
        found = finder(m.source_id) if finder else None
        if found:
            self._keep_answer(ctx, m, found)
        return str(found["id"]) if found else None

    def post(self, ctx: RunContext, m: Mutation) -> str | None:
        handler: Callable[[RunContext, Mutation, str | None], dict | None] = getattr(self, f"_{m.action}")
        answer = handler(ctx, m, self._target_id(ctx, m))
        if answer:
            self._keep_answer(ctx, m, answer)
        return str(answer["id"]) if answer and "id" in answer else self._target_id(ctx, m)

    def after_posted(self, ctx: RunContext, m: Mutation, remote_id: str | None) -> None:
        with self._lock:
            answer = self._answers.pop((ctx.partner_id, m.key), None)
        if answer is None and remote_id:
            answer = self._read_back(ctx, m, remote_id)
        if answer:
            self._mirror(ctx, m, answer)
        if m.action in ("create_customer", "create_invoice") and remote_id:
            ctx.wh.id_map.put(m.object_type, m.source_id, remote_id)
        if m.action == "attach_pdf" and remote_id:
            ctx.wh.ap_mirror.set_pdf_version(remote_id, m.payload["source_version"])

    def _read_back(self, ctx: RunContext, m: Mutation, remote_id: str) -> dict | None:
        """AP's record of a create posted by an earlier attempt (every fresh post keeps its answer)."""
        readers = {"create_customer": ctx.ap.get_customer, "create_invoice": ctx.ap.get_invoice}
        reader = readers.get(m.action)
        return reader(remote_id) if reader else None

    def _keep_answer(self, ctx: RunContext, m: Mutation, answer: dict) -> None:
        with self._lock:
            self._answers[(ctx.partner_id, m.key)] = answer

    def _target_id(self, ctx: RunContext, m: Mutation) -> str | None:
        if m.target_id:
            return m.target_id
        if m.action.startswith("create_"):
            return None
        # A change to a record created earlier in the same plan: find it by the source id.
        ap_id = ctx.wh.id_map.ap_id_for(_MAPPED_OBJECT[m.object_type], m.source_id)
        if ap_id is None:
            raise LookupError(f"AP record for NetSuite {m.object_type} {m.source_id} is not in the id map")
        return ap_id

    def _mirror(self, ctx: RunContext, m: Mutation, answer: dict) -> None:
        if m.object_type == "customer":
            ctx.wh.ap_mirror.upsert_customers([ap_mirror_rows.customer(answer)])
        elif "invoice_number" in answer:
            ctx.wh.ap_mirror.upsert_invoices([ap_mirror_rows.invoice(answer)])

    # One method per action the rules can ask for.

    def _create_customer(self, ctx: RunContext, m: Mutation, _target: str | None) -> dict:
        return ctx.ap.create_customer(dict(m.payload))

    def _update_customer(self, ctx: RunContext, m: Mutation, target: str | None) -> dict | None:
        changes = {k: v for k, v in m.payload.items() if k in _CUSTOMER_PATCHABLE}
        return ctx.ap.update_customer(target, changes) if changes else None

    def _create_invoice(self, ctx: RunContext, m: Mutation, _target: str | None) -> dict:
        return ctx.ap.create_invoice(dict(m.payload))

    def _update_invoice(self, ctx: RunContext, m: Mutation, target: str | None) -> dict:
        payload = dict(m.payload)
        return ctx.ap.update_invoice(
            target,
            **{k: (Decimal(str(v)) if k in ("total", "amount_due") else v) for k, v in payload.items()},
        )

    def _mark_invoice_paid(self, ctx: RunContext, _m: Mutation, target: str | None) -> dict:
        return ctx.ap.mark_invoice_paid_externally(target)

    def _reopen_invoice_balance(self, ctx: RunContext, m: Mutation, target: str | None) -> dict:
        return ctx.ap.set_invoice_balance(target, Decimal(str(m.payload["amount_due"])))

    def _follow_netsuite_balance(self, ctx: RunContext, m: Mutation, target: str | None) -> dict:
        """R1/R2: NetSuite's amount unpaid as it stands now (less AP payments it lacks), or paid."""
        invoice = ctx.netsuite.records.get("invoice", m.payload["netsuite_invoice"])
        due = Decimal(str(invoice["amountRemaining"])) - Decimal(str(m.payload["unposted_ap_payments"]))
        if due > 0:
            return ctx.ap.set_invoice_balance(target, due.quantize(Decimal("0.01")))
        return ctx.ap.mark_invoice_paid_externally(target)

    def _archive_invoice(self, ctx: RunContext, _m: Mutation, target: str | None) -> dict:
        return ctx.ap.archive_invoice(target)

    def _attach_pdf(self, ctx: RunContext, m: Mutation, target: str | None) -> dict:
        pdf = ctx.netsuite.invoice_pdf(m.payload["ns_invoice_id"])
        return ctx.ap.upload_invoice_pdf(target, pdf)
