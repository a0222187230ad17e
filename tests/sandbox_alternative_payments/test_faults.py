"""Injected faults (429, 500, dropped connections), latency and settings."""

from __future__ import annotations

import time

import pytest
import requests

from sandbox.alternative_payments.control_client import SandboxControlError
from tests.sandbox_alternative_payments.plain_api import error_of


@pytest.mark.parametrize(
    ("setting", "status", "code"), [("fault_500_rate", 500, "internal_error"), ("fault_429_rate", 429, "rate_limited")]
)
def test_injected_errors_use_the_error_shape(api, ap_sandbox, setting, status, code):
    ap_sandbox.control.settings(**{setting: 1.0})
    response = api.get("/invoices")
    assert (response.status_code, error_of(response)["code"]) == (status, code)
    assert ap_sandbox.stats()["injected_faults"][str(status)] == 1
    assert ap_sandbox.control.state()["invoices"]  # controls are not affected


def test_dropped_connection_cuts_the_response_off(api, ap_sandbox):
    ap_sandbox.control.settings(fault_drop_rate=1.0)
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
        api.get("/invoices")
    stats = ap_sandbox.stats()
    assert stats["injected_faults"]["drop"] == 1
    assert stats["by_status"]["dropped"] == 1


def test_same_seed_gives_the_same_faults(api, ap_sandbox):
    def statuses() -> list[int]:
        ap_sandbox.control.settings(seed=42, fault_500_rate=0.5)
        return [api.get("/customers").status_code for _ in range(20)]

    first, second = statuses(), statuses()
    assert first == second
    assert {200, 500} == set(first)


def test_latency_delays_api_requests(api, ap_sandbox):
    ap_sandbox.control.settings(latency_ms=150)
    started = time.monotonic()
    api.get("/customers")
    assert time.monotonic() - started >= 0.15


@pytest.mark.parametrize(
    "changes",
    [{"fault_500_rate": 2}, {"latency_ms": -1}, {"client_secret": "x"}, {"repeat_cursor": "yes"}, {"speed": 1}],
)
def test_invalid_settings_are_refused(ap_sandbox, changes):
    with pytest.raises(SandboxControlError) as refused:
        ap_sandbox.control.settings(**changes)
    assert refused.value.status == 422
    assert set(refused.value.body["validation_errors"]) == set(changes)


def test_settings_never_show_the_client_secret(ap_sandbox):
    settings = ap_sandbox.control.settings()
    assert "client_secret" not in settings
    assert ap_sandbox.sandbox.credentials.client_secret not in str(settings)
    assert settings["rate_limit_per_second"] == 50
