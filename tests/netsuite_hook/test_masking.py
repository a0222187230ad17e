"""Every NetSuite secret the hook reads or obtains is registered with Airflow's log masker."""

from __future__ import annotations

from unittest import mock

import pytest
from airflow.sdk._shared.secrets_masker import _secrets_masker

from netsuite_hook.settings import NetSuiteSettings
from netsuite_hook.transport import Transport
from tests.netsuite_hook.conftest import FakeConnection

SECRET_FIELDS = {
    "oauth2_client_credentials": ("private_key",),
    "oauth2_authorization_code": ("client_secret", "refresh_token"),
    "tba": ("client_secret", "token_id", "token_secret"),
}


@pytest.fixture
def masked():
    """The values handed to Airflow's mask_secret."""
    with mock.patch("netsuite_hook.redaction.mask_secret") as mask_secret:
        values: set[str] = set()
        mask_secret.side_effect = values.add
        yield values


@pytest.mark.parametrize("method", list(SECRET_FIELDS))
def test_connection_secrets_are_masked_as_soon_as_they_are_read(netsuite_sandbox, make_hook, masked, method):
    hook = make_hook(netsuite_sandbox, method)
    settings = hook.settings()
    secrets = [getattr(settings, name) for name in SECRET_FIELDS[method]]
    assert all(secrets) and set(secrets) <= masked


@pytest.mark.parametrize("method", ["oauth2_client_credentials", "oauth2_authorization_code"])
def test_access_tokens_are_masked_when_issued(netsuite_sandbox, make_hook, masked, method):
    hook = make_hook(netsuite_sandbox, method)
    hook.server_time()
    token = hook.client.transport.auth.token().value
    assert token in masked
    netsuite_sandbox.sandbox.expire_tokens("access")
    hook.server_time()
    renewed = hook.client.transport.auth.token().value
    assert renewed != token and renewed in masked


def test_a_private_key_is_masked_line_by_line_too(rsa_private_pem, masked):
    settings = NetSuiteSettings.from_connection(
        FakeConnection(extra={"account_id": "1", "certificate_id": "c", "private_key": rsa_private_pem})
    )
    Transport(settings).close()
    line = rsa_private_pem.splitlines()[1]
    assert settings.private_key in masked, "the whole key: here and with the task's supervisor"
    assert line not in masked, "its lines: in this process, where every log record is redacted"
    assert _secrets_masker().redact(f"echo {line}") == "echo ***"


def test_a_remembered_secret_is_masked_and_redacted(rsa_private_pem, masked):
    settings = NetSuiteSettings.from_connection(
        FakeConnection(extra={"account_id": "1", "certificate_id": "c", "private_key": rsa_private_pem})
    )
    transport = Transport(settings)
    transport.remember_secret("rotated-refresh-token-value")
    transport.close()
    assert "rotated-refresh-token-value" in masked
    assert transport.redact("got rotated-refresh-token-value") == "got ***"
