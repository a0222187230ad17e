"""Helpers shared by the NetSuite hook tests."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from netsuite_hook.tokens import TOKENS


@dataclass
class FakeConnection:
    """The attributes NetSuiteSettings reads from an Airflow connection."""

    conn_id: str = "netsuite_test"
    host: str | None = None
    login: str | None = "client-id-1"
    password: str | None = None
    port: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def extra_dejson(self) -> dict:
        return self.extra


@pytest.fixture(scope="session")
def rsa_private_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture(autouse=True)
def _fresh_token_cache():
    """Tokens are cached per process; each test starts without any."""
    TOKENS.clear()
    yield
    TOKENS.clear()


def airflow_env_connection(monkeypatch: pytest.MonkeyPatch, conn_id: str, connection: dict) -> None:
    """Define an Airflow connection through its AIRFLOW_CONN_* variable."""
    monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps(connection))


@pytest.fixture
def make_hook(monkeypatch):
    """``make_hook(running_sandbox, auth_method, extra=..., **hook_options)``: a hook on that sandbox.

    The connection is defined through its AIRFLOW_CONN_* variable, as a deployment would.
    Retries are fast (small backoff) unless the test asks otherwise.
    """
    from netsuite_hook.hook import NetSuiteHook

    hooks = []
    numbers = itertools.count(1)

    def make(running, auth_method="oauth2_client_credentials", *, extra=None, connection=None, **options):
        conn = connection or running.connection(auth_method)
        conn["extra"] = {**conn["extra"], **(extra or {})}
        conn_id = f"netsuite_test_{next(numbers)}"
        airflow_env_connection(monkeypatch, conn_id, conn)
        defaults = {"retry_budget_seconds": 10.0, "retry_base_delay": 0.01, "retry_max_delay": 0.2}
        hook = NetSuiteHook(conn_id, **{**defaults, **options})
        hooks.append(hook)
        return hook

    yield make
    for hook in hooks:
        hook.close()


def stats(running) -> dict:
    return running.sandbox.stats_snapshot()
