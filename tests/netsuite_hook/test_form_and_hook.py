"""The connection form's structures and the hook's Airflow attributes."""

from __future__ import annotations

import json
from pathlib import Path

import airflow
import jsonschema
import pytest

from netsuite_hook.errors import InsecureTransportRefused
from netsuite_hook.form import (
    CONN_FIELDS,
    SECRET_FIELDS,
    UI_FIELD_BEHAVIOUR,
    build_widgets,
    provider_connection_type,
)
from netsuite_hook.hook import NetSuiteHook
from netsuite_hook.settings import AUTH_METHODS
from tests.hook_support.recording_widgets import RecordingFactory
from tests.netsuite_hook.conftest import airflow_env_connection

AIRFLOW_DIR = Path(airflow.__file__).parent


def test_hook_declares_its_connection_type():
    assert NetSuiteHook.conn_type == "netsuite"
    assert NetSuiteHook.default_conn_name == "netsuite_default"
    assert NetSuiteHook.conn_name_attr == "netsuite_conn_id"
    assert NetSuiteHook.hook_name


def test_connection_type_entry_matches_airflows_provider_schema():
    schema = json.loads((AIRFLOW_DIR / "provider.yaml.schema.json").read_text())
    entry_schema = {"type": "object", "properties": _find(schema, "conn-fields")}
    entry = provider_connection_type()
    assert entry["conn-fields"] is CONN_FIELDS
    jsonschema.validate(entry, entry_schema)
    with pytest.raises(jsonschema.ValidationError):  # the schema does judge field definitions
        jsonschema.validate({"conn-fields": {"x": {"schema": {"type": "color"}}}}, entry_schema)


def _find(node, key):
    """The properties object that defines ``key``."""
    if isinstance(node, dict):
        if key in node and isinstance(node[key], dict) and "connection-type" in node:
            return node
        for value in node.values():
            found = _find(value, key)
            if found is not None:
                return found
    return None


def test_ui_field_behaviour_matches_airflows_schema():
    schema = json.loads((AIRFLOW_DIR / "customized_form_field_behaviours.schema.json").read_text())
    jsonschema.validate(NetSuiteHook.get_ui_field_behaviour(), schema)
    assert {"schema", "port"} <= set(UI_FIELD_BEHAVIOUR["hidden_fields"])


def test_auth_method_is_a_select_of_the_three_methods():
    assert CONN_FIELDS["auth_method"]["schema"]["enum"] == list(AUTH_METHODS)
    assert CONN_FIELDS["auth_method"]["schema"]["default"] == "oauth2_client_credentials"


def test_every_secret_field_is_a_password_widget():
    assert {"private_key", "token_secret", "refresh_token"} <= set(SECRET_FIELDS)
    assert "account_id" not in SECRET_FIELDS


def test_legacy_widgets_are_built_from_the_same_table():
    widgets = build_widgets(RecordingFactory())
    assert set(widgets) == set(CONN_FIELDS)
    assert widgets["private_key"][0] == "password"
    assert widgets["concurrency_limit"] == ("integer", "Concurrency limit", 5, 1)
    assert widgets["auth_method"][3] == list(AUTH_METHODS)


def test_connection_form_widgets_without_wtforms_is_empty_or_complete():
    widgets = NetSuiteHook.get_connection_form_widgets()
    assert widgets == {} or set(widgets) == set(CONN_FIELDS)


def test_hook_refuses_plain_http_to_a_real_host(monkeypatch):
    airflow_env_connection(
        monkeypatch,
        "ns_plain_http",
        {
            "conn_type": "netsuite",
            "host": "http://1234567.suitetalk.api.netsuite.com",
            "login": "id",
            "extra": {"account_id": "1234567"},
        },
    )
    hook = NetSuiteHook("ns_plain_http")
    with pytest.raises(InsecureTransportRefused, match="refusing plain HTTP"):
        hook.get_conn()
    ok, message = hook.test_connection()
    assert not ok and "refusing plain HTTP" in message


def test_hook_without_host_targets_real_netsuite_hosts(monkeypatch, rsa_private_pem):
    airflow_env_connection(
        monkeypatch,
        "ns_real",
        {
            "conn_type": "netsuite",
            "login": "id",
            "extra": {"account_id": "1234567_SB1", "certificate_id": "c", "private_key": rsa_private_pem},
        },
    )
    client = NetSuiteHook("ns_real").get_conn()
    assert client.transport.urls.rest == "https://1234567-sb1.suitetalk.api.netsuite.com"
    assert rsa_private_pem.splitlines()[2] not in repr(client)


def test_test_connection_reports_a_missing_connection_instead_of_raising():
    ok, message = NetSuiteHook("netsuite_conn_that_does_not_exist").test_connection()
    assert ok is False and "netsuite_conn_that_does_not_exist" in message
