"""One retry policy: 429, 5xx and connection errors are retried; other errors are not."""

from __future__ import annotations

from typing import Any

import pytest

from alternative_payments_hook import RateLimitError, RetryPolicy, ServerError, TransportError, ValidationError
from alternative_payments_hook.resources import PublicApiMixin
from tests.alternative_payments_hook.conftest import FAST_RETRIES

THREE_TRIES = RetryPolicy(max_attempts=3, base_delay=0.005, max_delay=0.01, time_budget=10)


def test_retries_ride_out_injected_faults(ap_sandbox, hook):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    hook.get_invoice(invoice_id)
    ap_sandbox.control.settings(seed=11, fault_500_rate=0.2, fault_429_rate=0.15, fault_drop_rate=0.1)
    answers = [hook.get_invoice(invoice_id) for _ in range(40)]
    assert all(a["id"] == invoice_id for a in answers)
    injected = ap_sandbox.stats()["injected_faults"]
    assert min(injected.values()) > 0, injected


@pytest.mark.parametrize(
    ("setting", "error", "code"),
    [("fault_500_rate", ServerError, "internal_error"), ("fault_429_rate", RateLimitError, "rate_limited")],
)
def test_persistent_errors_are_raised_after_the_last_attempt(ap_sandbox, setting, error, code):
    hook = ap_sandbox.hook(retry_policy=THREE_TRIES)
    hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    ap_sandbox.control.settings(**{setting: 1.0})
    ap_sandbox.control.reset_stats()
    with pytest.raises(error) as raised:
        hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    assert (raised.value.code, raised.value.attempts) == (code, 3)
    assert "after 3 attempts" in str(raised.value)
    assert ap_sandbox.stats()["requests_total"] == 3


def test_dropped_connections_end_in_a_transport_error(ap_sandbox):
    hook = ap_sandbox.hook(retry_policy=THREE_TRIES)
    hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    ap_sandbox.control.settings(fault_drop_rate=1.0)
    with pytest.raises(TransportError, match="no answer after 3 attempts"):
        hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])


def test_validation_errors_are_not_retried(ap_sandbox, hook):
    hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    ap_sandbox.control.reset_stats()
    with pytest.raises(ValidationError):
        hook.create_customer({"email": "no name"})
    assert ap_sandbox.stats()["requests_total"] == 1


def test_backoff_grows_with_jitter_and_stops_at_the_budget():
    policy = RetryPolicy(base_delay=1, max_delay=8, time_budget=30, max_attempts=10)
    for attempt, step in [(1, 1), (2, 2), (3, 4), (4, 8), (9, 8)]:
        delays = {policy.delay(attempt) for _ in range(50)}
        assert all(step / 2 <= d <= step for d in delays)
        assert len(delays) > 1
    assert policy.delay(1, retry_after=5) == 5
    assert policy.gives_up(attempt=2, elapsed=25, delay=6)
    assert not policy.gives_up(attempt=2, elapsed=20, delay=6)
    assert policy.gives_up(attempt=10, elapsed=0, delay=0)


class LostAnswerApi(PublicApiMixin):
    """A create that was applied but whose answer was lost, so the retry hits the duplicate."""

    def __init__(self, existing: dict[str, Any]) -> None:
        self.existing = existing

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        if method == "POST":
            errors = {"external_id": f"already used by invoice {self.existing['id']}"}
            raise ValidationError(422, "validation_error", "Invalid fields", errors, attempts=2)
        return {"data": [self.existing]}


def test_a_create_retried_after_a_lost_answer_returns_the_record_it_made():
    existing = {"id": "inv_1", "external_id": "5001"}
    assert LostAnswerApi(existing).create_invoice({"external_id": "5001"}) == existing


def test_a_first_time_duplicate_is_still_an_error(ap_sandbox):
    hook = ap_sandbox.hook(retry_policy=FAST_RETRIES)
    with pytest.raises(ValidationError) as raised:
        hook.create_customer({"name": "Again", "email": "again@customers.example", "external_id": "101"})
    assert "external_id" in raised.value.validation_errors
