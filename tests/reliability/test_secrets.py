"""Secrets stay secret, and SuiteQL only ever carries values as bound parameters.

The scenario runs with distinctive secrets (client secrets, the private key,
TBA token secret, AP's client secret) and every token the sandboxes issue;
then the logs (this process at DEBUG, and each task process's log file), the
steps' return values (their XCom), every warehouse table, the text of every
error, and every request URL are searched for them.
"""

from __future__ import annotations

import json
import logging
import random
import traceback
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import MetaData, select

from chaos import faults
from chaos.faults import FaultRates
from chaos.kill_points import KillPolicy
from chaos.runs import release_dead_slots, scaled_backoff, warm_up
from chaos.scenario import Scenario
from chaos.tasks import TaskRunner
from chaos.world import ChaosWorld, WorldSpec, build_world
from demo import scenario as demo
from netsuite_ap_sync.extract.suiteql_files import plain_query
from netsuite_ap_sync.flows.netsuite_to_ap import refresh_ap_mirror, stage_customers, stage_invoices
from netsuite_ap_sync.warehouse import partners
from netsuite_ap_sync.warehouse.sync_state import advance_watermark
from sandbox.netsuite.credentials import _key_pair
from tests.reliability.worlds import ap_invoices, synced_world

MARK = "Zq7mark"
TOKEN_PATHS = ("/auth/oauth2/v1/token", "/oauth/token")


class Recorder:
    """Every request URL and every token answer, from this process and the task processes it forks."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def install(self, monkeypatch) -> Recorder:
        original = requests.Session.send
        path = self.path

        def send(session, request, **kwargs):
            response = original(session, request, **kwargs)
            entry = {"url": request.url}
            if any(p in request.url for p in TOKEN_PATHS) and response.ok:
                answer = response.json()
                entry["tokens"] = [answer.get("access_token"), answer.get("refresh_token")]
            with path.open("a") as out:
                out.write(json.dumps(entry) + "\n")
            return response

        monkeypatch.setattr(requests.Session, "send", send)
        return self

    def entries(self) -> list[dict]:
        return [json.loads(line) for line in self.path.read_text().splitlines()] if self.path.exists() else []

    def urls(self) -> list[str]:
        return [e["url"] for e in self.entries()]

    def tokens(self) -> set[str]:
        return {t for e in self.entries() for t in e.get("tokens", ()) if t}


def distinctive_secrets(auth_method: str) -> tuple[dict, str]:
    """NetSuite integration secrets and an AP client secret nobody else uses."""
    tag = uuid.uuid4().hex[:12]
    netsuite = {
        "client_secret": f"{MARK}-client-secret-{tag}",
        "consumer_secret": f"{MARK}-consumer-secret-{tag}",
        "token_secret": f"{MARK}-token-secret-{tag}",
    }
    return netsuite, f"{MARK}-ap-secret-{tag}"


def needles(world: ChaosWorld, auth_method: str, recorder: Recorder) -> dict[str, str]:
    """Every secret value of this run, by what it is."""
    found = {"AP client secret": world.spec.ap_client_secret}
    credentials = world.netsuite.credentials
    if auth_method == "tba":
        found |= {"TBA consumer secret": credentials.consumer_secret, "TBA token secret": credentials.token_secret}
        found["TBA token id"] = credentials.token_id
    elif auth_method == "oauth2_authorization_code":
        found["OAuth client secret"] = credentials.client_secret
    else:
        body = [line for line in _key_pair()[0].splitlines() if len(line) >= 40]
        found |= {f"private key line {n}": line for n, line in enumerate(body)}
    tokens = {*recorder.tokens(), *world.netsuite.tokens.access, *world.netsuite.tokens.refresh}
    found |= {f"token {token[:6]}...": token for token in tokens}
    return found


def warehouse_text(world: ChaosWorld) -> str:
    metadata = MetaData()
    metadata.reflect(world.engine)
    with world.engine.connect() as conn:
        return "\n".join(
            f"{table.name}: {row}" for table in metadata.sorted_tables for row in conn.execute(select(table)).all()
        )


def failing_auth_texts(world: ChaosWorld, auth_method: str) -> list[str]:
    """Each system refuses the credentials it holds: the text of what is raised, with its traceback."""
    new = {"tba": "token_secret", "oauth2_authorization_code": "client_secret"}.get(auth_method)
    if new:
        world.netsuite.credentials = type(world.netsuite.credentials)(
            **{**world.netsuite.credentials.as_dict(), new: "changed-in-netsuite"}
        )
        world.netsuite.tba_validator.credentials = world.netsuite.credentials
    else:
        world.netsuite.update_settings(features={"oauth2_client_credentials": False})
    world.netsuite.expire_tokens("access")
    world.ap.settings.client_secret = "changed-in-the-ap-dashboard"
    world.ap_controls.advance_clock(4000)
    texts = []
    for step in (stage_customers, refresh_ap_mirror):
        with pytest.raises(Exception) as raised:
            step(world.ctx("netsuite_hourly_sync"))
        texts.append("".join(traceback.format_exception(raised.value)) + repr(raised.value))
    return texts


@pytest.mark.parametrize("auth_method", ["oauth2_client_credentials", "oauth2_authorization_code", "tba"])
def test_no_secret_in_logs_xcom_warehouse_errors_or_urls(auth_method, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    recorder = Recorder(tmp_path / "requests.jsonl").install(monkeypatch)
    netsuite_secrets, ap_secret = distinctive_secrets(auth_method)
    spec = WorldSpec(
        customers=4,
        invoices=0,
        partner_id="secrets",
        auth_method=auth_method,
        netsuite_secrets=netsuite_secrets,
        ap_client_secret=ap_secret,
    )
    warm_up()
    world = build_world(spec, tmp_path / "world")
    try:
        ns = world.ns_controls
        customer = ns.create_customer("Secret Keeping Inc", email="ap@secrets.example.com")["id"]
        for n in range(8):
            ns.create_invoice(customer, [{"item": 1, "quantity": 1, "rate": 90.0 + n}])
        # In this process, logging at DEBUG: the initial sync and the account set-up.
        world.initial_sync()
        world.set_up_accounts()
        payments = demo.ap_activity(world)
        # In task processes, with faults and kills: two payment cycles and the hourly one.
        rng = random.Random(11)
        runner = TaskRunner(
            world.partner_id,
            world.work_dir / "logs",
            rng,
            KillPolicy(rate=0.25),
            after_kill=lambda: release_dead_slots(world.engine, world.partner_id),
        )
        scenario = Scenario(world, runner, "secrets")
        faults.arm(world, FaultRates(ap_spike=0.0), seed=11)
        with scaled_backoff(0.2):
            scenario.payments_sync()
            demo.fail_and_pay_out(world, payments)
            scenario.payments_sync()
            scenario.hourly_sync()
        faults.disarm(world)
        errors = failing_auth_texts(world, auth_method)

        secrets = needles(world, auth_method, recorder)
        assert [s for s in secrets if s.startswith("token")], "tokens were issued and are searched for"
        haystacks = {
            "log of this process": caplog.text,
            **{f"task log {p.name}": p.read_text() for p in sorted((world.work_dir / "logs").glob("*.log"))},
            "step return values (XCom)": json.dumps(scenario.results, default=str) + repr(scenario.results),
            "warehouse tables": warehouse_text(world),
            "errors": "\n".join(errors + runner.stats.errors()),
            "request URLs": "\n".join(recorder.urls()),
        }
        assert len(haystacks) > 6 and haystacks["request URLs"]
        hits = [
            f"{what} in {where}"
            for what, value in secrets.items()
            for where, text in haystacks.items()
            if value in text
        ]
        assert hits == []
    finally:
        world.close()


# --- SuiteQL: values are bound, never written into the statement -----------------------------------

HOSTILE = ["1' OR '1'='1", "1001 --", "1001 /* comment */", "'; DROP TABLE transaction; --", "1001' UNION SELECT 1 --"]


class SuiteQLRecorder:
    """The body of every SuiteQL request the hooks send."""

    def __init__(self, monkeypatch) -> None:
        self.sent: list[dict] = []
        original = requests.Session.send

        def send(session, request, **kwargs):
            if "/query/v1/suiteql" in request.url and request.body:
                self.sent.append(json.loads(request.body))
            return original(session, request, **kwargs)

        monkeypatch.setattr(requests.Session, "send", send)


def assert_bound(sent: list[dict]) -> None:
    """Every value travels in ``params``; the statement holds one ``?`` per value and none of them."""
    assert sent
    for body in sent:
        params = body.get("params", [])
        assert body["q"].count("?") == len(params), body
        for value in params:
            if isinstance(value, str) and len(value) > 2:
                assert value not in body["q"], (value, body["q"])


@pytest.fixture(scope="module")
def bound(tmp_path_factory):
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        synced_world(tmp_path_factory.mktemp("bound"), invoices=3, partner_id="bound") as (world, customer, ids),
    ):
        yield world, customer, ids, SuiteQLRecorder(monkeypatch)


def test_every_suiteql_statement_of_a_sync_carries_its_values_as_bound_parameters(bound):
    world, _, ids, recorder = bound
    world.netsuite.advance_clock(2)
    world.ns_controls.edit_invoice(ids[0], memo="O'Brien -- /* not a comment */")
    world.hourly()
    world.payments()
    world.audit()
    assert_bound(recorder.sent)
    assert ap_invoices(world)[str(ids[0])]["memo"] == "O'Brien -- /* not a comment */"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_external_ids_from_ap_reach_suiteql_bound_and_match_nothing_else(bound, hostile):
    """NetSuite ids come back from AP's external ids (F7 re-reads invoices by them): AP data must not
    change what the query selects."""
    world, _, ids, recorder = bound
    recorder.sent.clear()
    ctx = world.ctx("netsuite_payments_sync")
    rows = [
        r
        for page in ctx.netsuite.suiteql.pages(plain_query("invoices_by_id.sql", ids=2), [str(ids[1]), hostile])
        for r in page
    ]
    assert [r["id"] for r in rows] == [str(ids[1])]
    [body] = recorder.sent
    assert body["params"] == [str(ids[1]), hostile]
    assert_bound(recorder.sent)


def test_a_watermark_with_quotes_is_refused_before_any_query(bound):
    """Watermarks are read back as NetSuite clock values; anything else never reaches a statement."""
    world, _, _, recorder = bound
    recorder.sent.clear()
    advance_watermark(world.engine, world.partner_id, "invoice", "2999-01-01 00:00:00' OR '1'='1", "hostile")
    with pytest.raises(ValueError, match="not a NetSuite clock string"):
        stage_invoices(world.ctx("netsuite_hourly_sync"))
    assert recorder.sent == []


def test_partner_ids_and_initial_sync_windows_with_quotes_are_refused_before_any_query(bound):
    world, _, _, recorder = bound
    recorder.sent.clear()
    with pytest.raises(ValueError, match="partner id"):
        partners.register(world.engine, "p' OR '1'='1", "Quote Co", "netsuite_q", "ap_q")
    from netsuite_ap_sync.flows.initial_sync import begin

    with pytest.raises(ValueError, match="Invalid isoformat"):
        begin(world.ctx("netsuite_initial_sync"), window_start="2025-01-01' OR 1=1 --")
    assert recorder.sent == [], "refused before anything was sent to NetSuite"
