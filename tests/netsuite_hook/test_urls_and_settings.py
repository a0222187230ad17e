"""Host derivation, the plain-HTTP rule, and reading the Airflow connection."""

from __future__ import annotations

import pytest

from netsuite_hook.errors import ConfigurationError, InsecureTransportRefused
from netsuite_hook.settings import AUTHORIZATION_CODE, CLIENT_CREDENTIALS, TBA, NetSuiteSettings
from netsuite_hook.urls import NetSuiteUrls, host_label, is_loopback_host, normalise_base_url, realm, require_secure
from tests.netsuite_hook.conftest import FakeConnection


def test_host_label_is_lower_case_with_dash():
    assert host_label("1234567_SB1") == "1234567-sb1"
    assert host_label("1234567") == "1234567"


def test_realm_is_upper_case_with_underscore():
    assert realm("1234567-sb1") == "1234567_SB1"


def test_real_hosts_derived_from_account_id():
    urls = NetSuiteUrls.for_account("1234567_SB1")
    assert urls.rest == "https://1234567-sb1.suitetalk.api.netsuite.com"
    assert urls.restlet_endpoint == "https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl"
    assert urls.authorize == "https://1234567-sb1.app.netsuite.com/app/login/oauth2/authorize.nl"
    assert urls.token == "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"
    assert urls.rest_url("query/v1/suiteql").endswith("/services/rest/query/v1/suiteql")


def test_override_sends_every_path_to_one_base_url():
    urls = NetSuiteUrls.for_account("1234567_SB1", "http://127.0.0.1:8001")
    assert urls.token == "http://127.0.0.1:8001/services/rest/auth/oauth2/v1/token"
    assert urls.restlet_endpoint == "http://127.0.0.1:8001/app/site/hosting/restlet.nl"
    assert urls.authorize == "http://127.0.0.1:8001/app/login/oauth2/authorize.nl"


@pytest.mark.parametrize("account_id", ["", "1234567.evil.com/x", "12 34", "acct@host", "_SB1"])
def test_malformed_account_id_is_refused(account_id):
    with pytest.raises(ConfigurationError):
        host_label(account_id)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"])
def test_loopback_hosts(host):
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["10.0.0.1", "example.com", "127.0.0.1.nip.io", "localhost.example.com", ""])
def test_non_loopback_hosts(host):
    assert not is_loopback_host(host)


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1:8001", "http://1234567.suitetalk.api.netsuite.com", "http://example.com"]
)
def test_plain_http_refused_for_non_loopback_host(url):
    with pytest.raises(InsecureTransportRefused, match="refusing plain HTTP"):
        require_secure(url)


def test_plain_http_allowed_for_loopback_and_https_everywhere():
    assert require_secure("http://127.0.0.1:9") == "http://127.0.0.1:9"
    assert require_secure("http://[::1]:9") == "http://[::1]:9"
    assert require_secure("https://example.com") == "https://example.com"
    with pytest.raises(ConfigurationError):
        require_secure("ftp://127.0.0.1")


def test_host_without_scheme_means_https_and_port_is_kept():
    assert normalise_base_url("example.test", 8443) == "https://example.test:8443"
    assert normalise_base_url("http://127.0.0.1:8001/") == "http://127.0.0.1:8001"
    with pytest.raises(ConfigurationError):
        normalise_base_url("https://example.test/services/rest")


def test_settings_from_connection_reads_every_field(rsa_private_pem):
    conn = FakeConnection(
        host="http://127.0.0.1:8001",
        password="client-secret-value",
        extra={
            "account_id": "1234567_SB1",
            "auth_method": "oauth2_client_credentials",
            "certificate_id": "cert-1",
            "private_key": rsa_private_pem,
            "restlet_script_id": "customscript_pdf",
            "restlet_deploy_id": "customdeploy_pdf",
            "concurrency_limit": "7",
            "retry_budget_seconds": "2.5",
        },
    )
    settings = NetSuiteSettings.from_connection(conn)
    assert settings.base_url == "http://127.0.0.1:8001"
    assert settings.auth_method == CLIENT_CREDENTIALS
    assert settings.concurrency_limit == 7
    assert settings.retry_budget_seconds == 2.5
    assert settings.missing_fields() == []
    assert "client-secret-value" not in repr(settings)
    assert "PRIVATE KEY" not in repr(settings)


def test_settings_accept_legacy_prefixed_extras_and_default_to_oauth2():
    conn = FakeConnection(extra={"extra__netsuite__account_id": "777", "extra__netsuite__certificate_id": "c"})
    settings = NetSuiteSettings.from_connection(conn)
    assert settings.account_id == "777"
    assert settings.auth_method == CLIENT_CREDENTIALS
    assert settings.certificate_id == "c"
    assert settings.urls.rest == "https://777.suitetalk.api.netsuite.com"


def test_missing_fields_named_per_auth_method():
    tba = NetSuiteSettings.from_connection(FakeConnection(extra={"account_id": "1", "auth_method": TBA}))
    assert tba.missing_fields() == ["consumer_secret", "token_id", "token_secret"]
    code = NetSuiteSettings.from_connection(
        FakeConnection(password="s", extra={"account_id": "1", "auth_method": AUTHORIZATION_CODE})
    )
    assert code.missing_fields() == ["refresh_token"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "no account_id"),
        ({"account_id": "1", "auth_method": "basic"}, "auth_method must be one of"),
        ({"account_id": "1", "concurrency_limit": "many"}, "whole number"),
        ({"account_id": "1", "concurrency_limit": 0}, "at least 1"),
    ],
)
def test_bad_connection_settings_are_explained(extra, message):
    with pytest.raises(ConfigurationError, match=message):
        NetSuiteSettings.from_connection(FakeConnection(extra=extra))


def test_non_loopback_http_host_refused_when_reading_the_connection():
    with pytest.raises(InsecureTransportRefused):
        NetSuiteSettings.from_connection(FakeConnection(host="http://netsuite.example.com", extra={"account_id": "1"}))
