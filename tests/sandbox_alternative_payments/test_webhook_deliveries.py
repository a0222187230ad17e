"""The sandbox delivers webhooks: to active subscriptions of the event's topic, in the background,
retried with backoff, every attempt recorded; and the delivery faults (drop, duplicate, reorder)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

from sandbox.server import RunningServer, serve_in_thread
from tests.sandbox_alternative_payments.conftest import plain_api
from tests.sandbox_alternative_payments.plain_api import PlainApi

SECRET = "whsec-test-0123456789"


@dataclass
class Endpoint:
    """A subscriber that records what arrives; answers ``fail_first`` requests with 500, may be slow."""

    received: list[dict] = field(default_factory=list)
    fail_first: int = 0
    delay: float = 0.0
    server: RunningServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"{self.server.base_url}/hook"

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/hook")
        async def hook(request: Request) -> Response:
            if self.delay:
                time.sleep(self.delay)  # blocks this server only, as a slow subscriber would
            with self._lock:
                self.received.append({"authorization": request.headers.get("authorization"), **await request.json()})
                failing = len(self.received) <= self.fail_first
            return Response(status_code=500 if failing else 204)

        return app

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.received)


@pytest.fixture
def endpoint():
    endpoint = Endpoint()
    endpoint.server = serve_in_thread(endpoint.app())
    yield endpoint
    endpoint.server.stop()


@pytest.fixture
def sandbox(ap_sandbox):
    ap_sandbox.control.webhook_controls(retry_base_seconds=0.01, timeout_seconds=2)
    return ap_sandbox


@pytest.fixture
def api(sandbox) -> PlainApi:
    return plain_api(sandbox).login()


def subscribe(api: PlainApi, url: str, topic: str = "payment_succeeded", secret: str | None = SECRET) -> dict:
    body = {"endpoint_url": url, "topic": topic, **({"secret_key": secret} if secret else {})}
    return api.ok("POST", "/webhooks", body)


def pay(sandbox) -> dict:
    return sandbox.control.pay_invoice(sandbox.demo_ids["invoice_open"])


def payment_events(api: PlainApi) -> list[dict]:
    return api.ok("GET", "/webhooks/events", topic="payment_succeeded")["data"]


def test_an_event_is_posted_with_the_bearer_secret_as_the_events_list_shows_it(sandbox, api, endpoint):
    webhook = subscribe(api, endpoint.url)
    subscribe(api, endpoint.url, topic="payout_paid")  # another topic: not delivered
    payment = pay(sandbox)
    (received,) = endpoint.wait_for(1)
    event = payment_events(api)[-1]
    assert received.pop("authorization") == f"Bearer {SECRET}"
    assert received == event
    assert event["data"]["id"] == payment["id"]
    (attempt,) = sandbox.control.wait_for_deliveries()
    assert (attempt["webhook_id"], attempt["event_id"], attempt["outcome"]) == (webhook["id"], event["id"], "delivered")
    assert SECRET not in str(sandbox.control.webhook_deliveries()) + str(sandbox.control.stats())


def test_no_secret_no_authorization_header_and_deleted_subscriptions_get_nothing(sandbox, api, endpoint):
    gone = subscribe(api, endpoint.url)
    api.ok("DELETE", f"/webhooks/{gone['id']}")
    subscribe(api, endpoint.url, secret=None)
    pay(sandbox)
    (received,) = endpoint.wait_for(1)
    sandbox.control.wait_for_deliveries()
    assert received["authorization"] is None
    assert len(endpoint.received) == 1


def test_a_slow_subscriber_never_holds_up_the_api_request(sandbox, api, endpoint):
    endpoint.delay = 1.5
    subscribe(api, endpoint.url)
    started = time.monotonic()
    pay(sandbox)
    assert time.monotonic() - started < 1.0
    assert endpoint.wait_for(1)


def test_failed_deliveries_are_retried_with_backoff_and_each_attempt_recorded(sandbox, api, endpoint):
    endpoint.fail_first = 2
    subscribe(api, endpoint.url)
    pay(sandbox)
    attempts = sandbox.control.wait_for_deliveries()
    assert [(a["attempt"], a["outcome"], a["status_code"]) for a in attempts] == [
        (1, "failed", 500),
        (2, "failed", 500),
        (3, "delivered", 204),
    ]
    assert len(endpoint.received) == 3 and len({r["id"] for r in endpoint.received}) == 1


def test_retries_are_bounded_and_connection_errors_count_as_failures(sandbox, api, endpoint):
    sandbox.control.webhook_controls(max_attempts=3)
    url = endpoint.url
    endpoint.server.stop()  # nobody listens any more
    subscribe(api, url)
    pay(sandbox)
    attempts = sandbox.control.wait_for_deliveries()
    assert [(a["outcome"], a["error"] is not None) for a in attempts] == [
        ("failed", True),
        ("failed", True),
        ("gave_up", True),
    ]
    assert sandbox.control.stats()["webhook_deliveries"]["outcomes"] == {"failed": 2, "gave_up": 1}


def test_a_dropped_delivery_is_never_sent_but_the_event_is_still_listed(sandbox, api, endpoint):
    subscribe(api, endpoint.url)
    sandbox.control.webhook_controls(drop_next=1)
    dropped = pay(sandbox)
    second = sandbox.control.pay_invoice(sandbox.demo_ids["invoice_created_in_ap"])
    (received,) = endpoint.wait_for(1)
    assert received["data"]["id"] == second["id"]
    outcomes = [(a["outcome"], a["attempt"]) for a in sandbox.control.wait_for_deliveries()]
    assert outcomes == [("dropped", 0), ("delivered", 1)]
    assert dropped["id"] in [e["data"]["id"] for e in payment_events(api)]


def test_a_drop_rate_of_one_drops_everything(sandbox, api, endpoint):
    subscribe(api, endpoint.url)
    sandbox.control.webhook_controls(drop_rate=1.0, seed=7)
    pay(sandbox)
    assert [a["outcome"] for a in sandbox.control.wait_for_deliveries()] == ["dropped"]
    assert endpoint.received == []


def test_duplicate_deliveries_send_the_same_event_twice(sandbox, api, endpoint):
    subscribe(api, endpoint.url)
    sandbox.control.webhook_controls(duplicate_next=1)
    pay(sandbox)
    first, second = endpoint.wait_for(2)
    assert first == second


def test_held_deliveries_are_released_out_of_order(sandbox, api, endpoint):
    subscribe(api, endpoint.url, topic="invoice_updated")
    sandbox.control.webhook_controls(hold=True)
    for memo in ("one", "two", "three"):
        sandbox.control.edit_invoice(sandbox.demo_ids["invoice_open"], memo=memo)
    time.sleep(0.2)
    assert endpoint.received == []
    assert sandbox.control.stats()["webhook_deliveries"]["held"] == 3
    assert sandbox.control.release_webhooks("reverse") == 3
    received = endpoint.wait_for(3)
    assert [r["data"]["memo"] for r in received] == ["three", "two", "one"]


def test_controls_are_validated_and_reset_with_the_sandbox(sandbox):
    from sandbox.alternative_payments.control_client import SandboxControlError

    with pytest.raises(SandboxControlError) as refused:
        sandbox.control.webhook_controls(drop_rate=2, max_attempts=0, loud=True)
    assert set(refused.value.body["validation_errors"]) == {"drop_rate", "max_attempts", "loud"}
    sandbox.control.webhook_controls(hold=True)
    sandbox.control.reset()
    assert sandbox.control.webhook_controls()["hold"] is False
