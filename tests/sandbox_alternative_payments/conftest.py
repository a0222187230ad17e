"""Sandbox tests talk plain HTTP to a running sandbox."""

from __future__ import annotations

import pytest

from tests.fixtures.alternative_payments import RunningApSandbox
from tests.sandbox_alternative_payments.plain_api import PlainApi


def plain_api(running: RunningApSandbox) -> PlainApi:
    creds = running.sandbox.credentials
    return PlainApi(running.base_url, creds.client_id, creds.client_secret)


@pytest.fixture
def api(ap_sandbox: RunningApSandbox) -> PlainApi:
    """A logged-in plain client on the demo-data sandbox."""
    return plain_api(ap_sandbox).login()


@pytest.fixture
def empty_api(make_ap_sandbox) -> PlainApi:
    """A logged-in plain client on an empty sandbox."""
    return plain_api(make_ap_sandbox()).login()
