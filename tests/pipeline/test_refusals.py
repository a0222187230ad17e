"""AP's 4xx validation answers are final for a record as it stands: one request, the record
quarantined with AP's message, never sent again in the run (nor later, until it changes or
a person asks), counted in the run report; a step in which AP refused most of what it was
sent fails, and an initial sync like that does not end plainly `connected`. Runs on SQLite
and PostgreSQL."""

from __future__ import annotations

import html
import json

import pytest
from airflow.sdk.exceptions import AirflowFailException
from sqlalchemy import text

from alternative_payments_hook.errors import APIError, AuthenticationError, NotFoundError, ServerError, ValidationError
from demo import report as demo_report
from netsuite_ap_sync.engine import refusals
from netsuite_ap_sync.engine.apply import Tally, apply_record, post_mutation
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.errors import StillRefused, is_refusal
from netsuite_ap_sync.flows import initial_sync as init
from netsuite_ap_sync.flows import netsuite_to_ap as inbound
from netsuite_ap_sync.orchestration.run_steps import run_in_order
from netsuite_ap_sync.rules.decisions import Mutation, Outcome
from netsuite_ap_sync.tools import partners_cli
from netsuite_ap_sync.warehouse import ledger, partners, quarantine
from tests.pipeline.inbound_support import later, synced, usd_customers

DETAIL = "sync_report_quarantine"
WHERE = "WHERE run_id = :r AND object_type = :o"
ARCHIVED = {"customer_id": "customer cus_1 is archived"}


class RefusingRemote:
    """An AP that refuses every create with a 422, as AP words it."""

    target = "ap"

    def __init__(self) -> None:
        self.calls = 0
        self.answer: Exception = ValidationError(
            422, "validation_error", "invalid request", ARCHIVED, method="POST", path="/invoices"
        )

    def find_existing(self, ctx, m):
        return None

    def post(self, ctx, m):
        self.calls += 1
        if self.answer is None:
            return "inv_1"
        raise self.answer

    def after_posted(self, ctx, m, remote_id):
        pass


@pytest.fixture
def ctx(warehouse):
    partner = partners.register(warehouse.engine, "acme", "Acme", "ns", "ap")
    return RunContext(partner, warehouse.engine, "run-1", "netsuite_hourly_sync")


def _create(source_id: str = "101", memo: str = "first") -> Mutation:
    return Mutation(
        rules=("F2",),
        target="ap",
        action="create_invoice",
        object_type="invoice",
        source_id=source_id,
        key=f"ap:create_invoice:invoice:{source_id}",
        payload={"external_id": source_id, "memo": memo},
    )


def _entry(ctx, m: Mutation):
    return ledger.get(ctx.engine, f"{ctx.partner_id}:{m.key}")


@pytest.mark.parametrize(
    ("error", "refusal"),
    [
        (ValidationError(400, "bad_request", "bad"), True),
        (ValidationError(413, "too_large", "too large"), True),
        (ValidationError(422, "validation_error", "invalid"), True),
        (NotFoundError(404, "not_found", "gone"), False),
        (APIError(409, "conflict", "conflict"), False),
        (AuthenticationError(401, "unauthorized", "no"), False),
        (APIError(429, "rate_limited", "slow down"), False),
        (ServerError(503, "unavailable", "down"), False),
    ],
)
def test_only_ap_validation_answers_are_refusals(error, refusal):
    assert is_refusal(error) is refusal


def test_a_refused_mutation_is_sent_once_and_marked_refused_with_aps_message(ctx):
    remote, m = RefusingRemote(), _create()
    with pytest.raises(ValidationError):
        post_mutation(ctx, m, remote)
    with pytest.raises(StillRefused, match="customer cus_1 is archived"):
        post_mutation(ctx, m, remote)
    assert remote.calls == 1
    entry = _entry(ctx, m)
    assert (entry.status, entry.refused, entry.attempts) == ("failed", True, 1)
    assert "customer_id: customer cus_1 is archived" in entry.last_error


def test_a_server_error_is_not_a_refusal_and_is_tried_again(ctx):
    remote, m = RefusingRemote(), _create()
    remote.answer = ServerError(503, "unavailable", "down", attempts=8)
    with pytest.raises(ServerError):
        post_mutation(ctx, m, remote)
    remote.answer = None
    assert post_mutation(ctx, m, remote) is True
    assert remote.calls == 2 and _entry(ctx, m).status == "posted"


def test_a_refused_mutation_is_sent_again_once_the_record_changed(ctx):
    remote = RefusingRemote()
    with pytest.raises(ValidationError):
        post_mutation(ctx, _create(memo="first"), remote)
    remote.answer = None
    assert post_mutation(ctx, _create(memo="fixed in NetSuite"), remote) is True
    entry = _entry(ctx, _create())
    assert remote.calls == 2 and (entry.status, entry.refused) == ("posted", False)


def test_a_person_can_have_a_refused_mutation_sent_again(ctx):
    remote, m, other = RefusingRemote(), _create("101"), _create("102")
    for mutation in (m, other):
        with pytest.raises(ValidationError):
            post_mutation(ctx, mutation, remote)
    assert ledger.retry_refused(ctx.engine, ctx.partner_id, "invoice", "101") == 1
    remote.answer = None
    assert post_mutation(ctx, m, remote) is True
    with pytest.raises(StillRefused):
        post_mutation(ctx, other, remote)
    assert remote.calls == 3


def test_a_refused_record_is_quarantined_with_aps_message_and_counted_once(ctx):
    remote, m = RefusingRemote(), _create()
    first = apply_record(ctx, 1, "101", [m], {"ap": remote})
    again = apply_record(ctx, 1, "101", [m], {"ap": remote})
    assert first.outcome == again.outcome == Outcome.QUARANTINED
    assert first.refused and "customer cus_1 is archived" in first.refused
    assert again.refused is None, "seen again, not refused again: no request went out"
    [entry] = quarantine.open_entries(ctx.engine, ctx.partner_id)
    assert entry["check_name"] == "F2:create_invoice_rejected"
    assert "customer cus_1 is archived" in entry["reason"] and entry["repeat_count"] == 2
    tally = Tally()
    for result in (first, again):
        tally.add(result, dry_run=False)
    assert tally.as_dict()["refused"] == 1 and tally.refusal_sample.startswith("101: ")


def test_partners_cli_shows_the_refusal_warning_and_lets_a_person_send_refused_mutations_again(
    ctx, warehouse, monkeypatch, capsys
):
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(warehouse.connection))
    partners.set_status(ctx.engine, ctx.partner_id, "connected", "Alternative Payments refused 3 of 3 invoice records")
    with pytest.raises(ValidationError):
        post_mutation(ctx, _create(), RefusingRemote())
    assert partners_cli.main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "connected" in listed and "Alternative Payments refused 3 of 3 invoice records" in listed
    argv = ["retry-refused", "--partner", ctx.partner_id, "--object", "invoice", "--source-id", "101"]
    assert partners_cli.main(argv) == 0
    assert "1 refused mutation(s) of acme will be sent again" in capsys.readouterr().out
    assert _entry(ctx, _create()).refused is False


@pytest.mark.parametrize(("limit", "fails"), [("0.5", True), ("0.95", False)])
def test_the_share_of_refused_records_that_fails_a_step_is_configurable(ctx, monkeypatch, limit, fails):
    monkeypatch.setenv(refusals.SHARE_LIMIT_ENV, limit)
    tally = Tally(applied=1, refused=9, refusal_sample="101: customer cus_1 is archived")
    assert refusals.of_tally("invoice", tally).too_many() is fails


def test_a_share_limit_that_is_not_a_share_is_refused_plainly(monkeypatch):
    monkeypatch.setenv(refusals.SHARE_LIMIT_ENV, "half")
    with pytest.raises(ValueError, match="SYNC_REFUSED_SHARE_LIMIT must be a number from 0 to 1, got 'half'"):
        refusals.share_limit()


# --- Against the sandboxes ------------------------------------------------------------------------


def _archive_ap_customers(world, ctx) -> None:
    """The partner archives every customer in AP: AP refuses any invoice for them (422)."""
    for customer in world.ap_state()["customers"]:
        ctx.ap.archive_customer(customer["id"])


def _invoice_posts(world) -> int:
    return sum(n for path, n in world.ap_controls.stats()["by_path"].items() if path.startswith("POST /invoices"))


def _refused_entries(world) -> list[dict]:
    return [
        e
        for e in quarantine.open_entries(world.engine, world.partner_id)
        if e["check_name"] == "F2:create_invoice_rejected"
    ]


def _report(world, run_id: str, object_type: str = "invoice") -> dict:
    key = {"r": run_id, "o": object_type}
    with world.engine.connect() as conn:
        row = conn.execute(text(f"SELECT refused, quarantined FROM sync_report {WHERE}"), key).one()
        detail = conn.execute(text(f"SELECT check_name, records, samples FROM {DETAIL} {WHERE}"), key).all()
    return {
        "refused": row.refused,
        "quarantined": json.loads(row.quarantined),
        "by_check": {d.check_name: (d.records, json.loads(d.samples)) for d in detail},
    }


def test_C2_an_initial_sync_in_which_ap_refused_every_invoice_is_not_green(partner_world):
    world = partner_world(customers=8, invoices=40, years=2)
    ctx = world.ctx("netsuite_initial_sync")
    init.check_link(ctx)
    init.begin(ctx)
    init.sync_customers_first(ctx)
    _archive_ap_customers(world, ctx)
    world.ap_controls.reset_stats()

    with pytest.raises(AirflowFailException) as failed:
        for phase in init.PHASES:
            for chunk in init.start_phase(ctx, phase):
                init.run_chunk(ctx, **chunk)
            init.finish_phase(ctx, phase)

    refused = _refused_entries(world)
    assert len(refused) >= 10
    assert _invoice_posts(world) == len(refused), "one request per refused invoice, none retried"
    assert all("is archived" in e["reason"] for e in refused), "quarantined with AP's own message"
    assert world.ap_state()["invoices"] == []
    report = _report(world, ctx.run_id)
    assert report["refused"] == len(refused)
    records, samples = report["by_check"]["F2:create_invoice_rejected"]
    assert records == len(refused) == report["quarantined"]["F2:create_invoice_rejected"]
    assert samples and all("is archived" in s["reason"] for s in samples)
    partner = world.partner()
    assert (partner.status, partner.initial_phase) == ("connected", "done"), "everything else recorded"
    assert "WARNING" in partner.status_message and "Alternative Payments refused" in partner.status_message
    assert "initial sync complete, but Alternative Payments refused" in str(failed.value)
    assert "is archived" in str(failed.value), "a sample reason"


def test_an_hourly_run_in_which_ap_refused_most_invoices_fails_and_the_next_does_not_send_them_again(
    partner_world,
):
    world = synced(partner_world)
    customer = usd_customers(world)[0]
    later(world)
    for n in range(3):
        world.ns_controls.create_invoice(customer, [{"item": 1, "quantity": 1, "rate": 50.0 + n}])
    _archive_ap_customers(world, world.ctx())
    world.ap_controls.reset_stats()

    ctx = world.ctx("netsuite_hourly_sync")
    with pytest.raises(AirflowFailException, match=r"Alternative Payments refused 3 of 3 invoice records"):
        run_in_order(ctx, "hourly")
    assert _invoice_posts(world) == 3
    assert _report(world, ctx.run_id)["refused"] == 3
    partner = world.partner()
    assert partner.status == "connected" and "refused 3 of 3 invoice records" in partner.status_message

    world.ap_controls.reset_stats()
    result = world.hourly()
    assert _invoice_posts(world) == 0, "refused invoices that did not change are not sent again"
    assert result["invoices"]["refused"] == 0
    assert result["invoices"]["quarantines"]["F2:create_invoice_rejected"]["records"] == 3


# --- Validation quarantines in the run report -----------------------------------------------------


def test_I4_validation_writes_its_quarantines_by_check_into_the_run_report_and_its_summary(partner_world, tmp_path):
    world = partner_world(customers=8, invoices=20, years=0.5)  # the first customers bill in EUR, GBP, CAD
    ctx = world.ctx("netsuite_hourly_sync")
    inbound.stage_customers(ctx)
    inbound.validate_customers(ctx)
    inbound.post_customers(ctx)
    inbound.stage_invoices(ctx)

    summary = inbound.validate_invoices(ctx)

    foreign = {
        sid for (kind, sid), e in _open(world).items() if kind == "invoice" and e["check_name"] == "gx:currency_known"
    }
    assert foreign, "the data set has invoices in currencies AP does not take"
    step = summary["quarantined"]["gx:currency_known"]
    assert step["records"] == len(foreign)
    assert step["samples"] and {s["source_id"] for s in step["samples"]} <= foreign
    assert all("is not supported by Alternative Payments" in s["reason"] for s in step["samples"])
    json.dumps(summary)  # an XCom value
    report = _report(world, ctx.run_id)
    records, samples = report["by_check"]["gx:currency_known"]
    assert records == len(foreign) == report["quarantined"]["gx:currency_known"]
    stored = _open(world)
    assert samples and all(s["reason"] == stored[("invoice", s["source_id"])]["reason"] for s in samples)

    page = demo_report.write(tmp_path / "report.html", world.engine, world.partner_id, {}, _empty_audit())
    shown = page.read_text()
    assert "invoice: gx:currency_known" in shown and html.escape(samples[0]["reason"]) in shown
    assert samples[0]["source_id"] in shown


def _open(world) -> dict[tuple[str, str], dict]:
    return {(e["object_type"], e["source_id"]): e for e in quarantine.open_entries(world.engine, world.partner_id)}


def _empty_audit() -> dict:
    return {"summary": {"moved": [], "held": [], "quarantined": {}, "manual_actions": []}, "violations": []}
