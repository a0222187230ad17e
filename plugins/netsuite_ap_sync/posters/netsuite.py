"""Carry out NetSuite mutations: customer payments, deposits and reversals (R1-R4: a payment taken
off its invoice, credit memos, customer refunds), each upserted by external id.

``PUT /{type}/eid:{externalId}`` creates the record or updates the one a
previous attempt created, so a retry can never make a second one. The S7
payments a payout's deposit carries as lines are written to the ledger as
posted with it.
"""

from __future__ import annotations

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.rules.decisions import NETSUITE_RECORDS, Mutation
from netsuite_ap_sync.rules.keys import deposit_line_key
from netsuite_ap_sync.warehouse import ledger


class NetSuitePoster:
    target = "netsuite"

    def find_existing(self, ctx: RunContext, m: Mutation) -> str | None:
        # The upsert itself is the look-up: it never duplicates.
        return None

    def post(self, ctx: RunContext, m: Mutation) -> str | None:
        record_type = NETSUITE_RECORDS[m.action]
        external_id = m.payload["externalId"]
        body = resolve_external_references(ctx, dict(m.payload))
        remote_id = ctx.netsuite.records.upsert(record_type, external_id, body)
        if remote_id is None:
            remote_id = str(ctx.netsuite.records.get_by_external_id(record_type, external_id)["id"])
        if m.carries:
            ledger.record_carried(
                ctx.engine,
                keys={pid: f"{ctx.partner_id}:{deposit_line_key(pid, m.source_id)}" for pid in m.carries},
                partner_id=ctx.partner_id,
                target_system=self.target,
                action="deposit_line",
                rules="F4,S7",
                payload_hash=m.payload_hash(),
                remote_id=remote_id,
                run_id=ctx.run_id,
            )
        return remote_id

    def after_posted(self, ctx: RunContext, m: Mutation, remote_id: str | None) -> None:
        return None


def resolve_external_references(ctx: RunContext, body: dict) -> dict:
    """Apply lines naming a document by ``{"externalId", "type"}`` (one an earlier mutation of the
    same record made, such as R1's credit memo) get its internal id, which NetSuite's references need."""
    apply = body.get("apply")
    if not isinstance(apply, dict):
        return body
    items = []
    for item in apply.get("items", ()):
        doc = item.get("doc") or {}
        if "externalId" in doc:
            found = ctx.netsuite.records.get_by_external_id(doc["type"], doc["externalId"])
            item = {**item, "doc": {"id": str(found["id"])}}
        items.append(item)
    return {**body, "apply": {**apply, "items": items}}
