"""The connection: form, base URL and plain-HTTP rule, extras never sent, test_connection."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from starlette.requests import Request

from alternative_payments_hook import AlternativePaymentsHook, ConfigurationError, InsecureTransportError
from alternative_payments_hook.config import PRODUCTION_URL, ConnectionSettings, check_transport
from sandbox.server import serve_in_thread


def connection(host: str | None = None, extra: dict | None = None, **fields) -> SimpleNamespace:
    values = {"conn_id": "ap", "host": host, "login": "id", "password": "secret", "schema": None, "port": None}
    values.update(fields)
    return SimpleNamespace(extra_dejson=extra or {}, **values)


@pytest.mark.parametrize(
    "url",
    [
        "https://public-api.alternativepayments.io",
        "http://127.0.0.1:8002",
        "http://127.9.8.7:1",
        "http://localhost:8002",
        "http://[::1]:8002",
    ],
)
def test_https_anywhere_and_http_only_on_loopback(url):
    check_transport(url)


@pytest.mark.parametrize(
    "url", ["http://public-api.alternativepayments.io", "http://10.0.0.5:8002", "http://128.0.0.1"]
)
def test_plain_http_to_a_real_host_is_refused(url):
    with pytest.raises(InsecureTransportError, match="refusing plain http://"):
        check_transport(url)


def test_other_schemes_are_refused():
    with pytest.raises(ConfigurationError, match="https://"):
        check_transport("ftp://files.example")


def test_base_url_defaults_to_production_and_bare_hosts_get_https():
    assert ConnectionSettings.from_connection(connection()).base_url == PRODUCTION_URL
    demo = ConnectionSettings.from_connection(connection("public-api.demo.alternativepayments.io/"))
    assert demo.base_url == "https://public-api.demo.alternativepayments.io"
    assert ConnectionSettings.from_connection(connection("127.0.0.1", schema="http", port=9)).base_url == (
        "http://127.0.0.1:9"
    )


def test_extras_configure_limits_and_bad_values_are_named():
    settings = ConnectionSettings.from_connection(
        connection(extra={"extra__alternative_payments__rate_limit_per_second": "3", "timeout_seconds": 7})
    )
    assert (settings.rate_limit_per_second, settings.timeout_seconds) == (3.0, 7.0)
    with pytest.raises(ConfigurationError, match="rate_limit_per_second"):
        ConnectionSettings.from_connection(connection(extra={"rate_limit_per_second": "fast"}))
    with pytest.raises(ConfigurationError, match="client secret"):
        ConnectionSettings.from_connection(connection(password=None))


def test_hook_refuses_http_to_a_real_host_before_sending_anything(ap_sandbox):
    insecure = {**ap_sandbox.connection(), "host": "http://public-api.alternativepayments.io"}
    ap_sandbox.monkeypatch.setenv("AIRFLOW_CONN_AP_INSECURE", json.dumps(insecure))
    with pytest.raises(InsecureTransportError):
        AlternativePaymentsHook("ap_insecure").get_invoice("inv_1")


def echo_server(seen: list[dict]):
    app = FastAPI()

    @app.post("/oauth/token")
    async def token(request: Request) -> dict:
        seen.append(dict(request.headers))
        return {"access_token": "echo-token-0123456789", "expires_in": 3600, "token_type": "bearer"}

    @app.get("/customers")
    async def customers(request: Request) -> dict:
        seen.append(dict(request.headers))
        return {
            "data": [],
            "start_cursor": None,
            "end_cursor": None,
            "has_next_page": False,
            "has_previous_page": False,
        }

    return serve_in_thread(app)


def test_connection_extras_are_never_sent_as_headers(ap_sandbox):
    seen: list[dict] = []
    with echo_server(seen) as server:
        conn = ap_sandbox.connection(**{"X-Api-Key": "extra-secret", "Authorization": "Basic leaked"})
        conn["host"] = server.base_url
        ap_sandbox.monkeypatch.setenv("AIRFLOW_CONN_AP_ECHO", json.dumps(conn))
        assert list(AlternativePaymentsHook("ap_echo").iter_customers()) != []
    token_request, api_request = seen
    for headers in seen:
        assert "x-api-key" not in headers
        assert "extra-secret" not in str(headers)
    assert token_request["authorization"].startswith("Basic ")
    assert token_request["authorization"] != "Basic leaked"
    assert api_request["authorization"] == "Bearer echo-token-0123456789"


def test_the_webhook_secret_extra_is_never_sent_as_a_header(ap_sandbox):
    seen: list[dict] = []
    with echo_server(seen) as server:
        conn = ap_sandbox.connection(webhook_secret="whsec-never-sent")
        conn["host"] = server.base_url
        ap_sandbox.monkeypatch.setenv("AIRFLOW_CONN_AP_ECHO_WEBHOOK", json.dumps(conn))
        hook = AlternativePaymentsHook("ap_echo_webhook")
        assert "whsec-never-sent" not in str(dict(hook.get_conn().headers))
        list(hook.iter_customers())
    assert len(seen) == 2
    for headers in seen:
        assert "webhook_secret" not in {name.lower() for name in headers}
        assert "whsec-never-sent" not in str(headers)


def test_the_webhook_secret_is_read_from_the_extra_and_hidden_from_settings():
    from alternative_payments_hook.config import webhook_secret_from

    conn = connection(extra={"webhook_secret": "whsec-1"})
    assert webhook_secret_from(conn) == "whsec-1"
    assert webhook_secret_from(connection(extra={"extra__alternative_payments__webhook_secret": "s"})) == "s"
    assert webhook_secret_from(connection(extra={"webhook_secret": ""})) is None
    assert "whsec-1" not in repr(ConnectionSettings.from_connection(conn))


def test_test_connection_reports_success(hook, ap_sandbox):
    assert hook.test_connection() == (True, f"Connected to Alternative Payments at {ap_sandbox.base_url}")


def test_http_hook_run_goes_through_the_authenticated_transport(hook):
    page = hook.run("customers", data={"limit": 1}).json()
    assert len(page["data"]) == 1


def test_connection_form_and_hook_registration_in_the_airflow_ui():
    from airflow.api_fastapi.core_api.services.ui.connections import HookMetaService

    hooks, widgets, behaviours = HookMetaService._get_hooks_with_mocked_fab()
    info = hooks["alternative_payments"]
    assert (info.hook_class_name, info.connection_id_attribute_name) == (
        "alternative_payments_hook.hook.AlternativePaymentsHook",
        "ap_conn_id",
    )
    # The form comes from the provider's conn-fields, which the Airflow 3 UI reads.
    rate = widgets["extra__alternative_payments__rate_limit_per_second"]
    assert (rate.field["value"], rate.field["schema"]["type"], rate.is_sensitive) == (5, ["integer", "null"], False)
    behaviour = behaviours["alternative_payments"]
    assert behaviour["relabeling"] == {"host": "Base URL", "login": "Client ID", "password": "Client Secret"}
    assert PRODUCTION_URL in behaviour["placeholders"]["host"]
