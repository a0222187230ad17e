"""Switched-off features answer the way NetSuite does, and each answer names the missing feature."""

from __future__ import annotations

import pytest
import requests

from tests.sandbox_netsuite.clients import access_token, assertion, error_detail, request_token

SERVER_TIME = "/services/rest/system/v1/serverTime"


def _restlet_url(running, action: str = "ping") -> str:
    c = running.sandbox.credentials
    return (
        f"{running.base_url}/app/site/hosting/restlet.nl?script={c.restlet_script_id}"
        f"&deploy={c.restlet_deploy_id}&action={action}"
    )


def _tba(running):
    from requests_oauthlib import OAuth1

    c = running.sandbox.credentials
    return OAuth1(
        c.consumer_key,
        c.consumer_secret,
        resource_owner_key=c.token_id,
        resource_owner_secret=c.token_secret,
        realm=c.account_id,
        signature_method="HMAC-SHA256",
    )


def test_rest_web_services_off_is_403_feature_disabled(netsuite_sandbox):
    token = access_token(netsuite_sandbox)
    netsuite_sandbox.sandbox.update_settings(features={"rest_web_services": False})
    response = requests.get(
        netsuite_sandbox.base_url + SERVER_TIME, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert response.status_code == 403
    detail = error_detail(response)
    assert detail["o:errorCode"] == "FEATURE_DISABLED" and "'REST Web Services'" in detail["detail"]


def test_tba_off_is_401_naming_token_based_authentication(netsuite_sandbox):
    url = netsuite_sandbox.base_url + SERVER_TIME
    assert requests.get(url, auth=_tba(netsuite_sandbox), timeout=30).status_code == 200
    netsuite_sandbox.sandbox.update_settings(features={"tba": False})
    response = requests.get(url, auth=_tba(netsuite_sandbox), timeout=30)
    assert response.status_code == 401
    detail = error_detail(response)
    assert detail["o:errorCode"] == "FEATURE_DISABLED" and "'Token-based Authentication'" in detail["detail"]


def test_client_credentials_grant_off_at_the_token_endpoint_and_for_its_tokens(netsuite_sandbox):
    token = access_token(netsuite_sandbox)
    netsuite_sandbox.sandbox.update_settings(features={"oauth2_client_credentials": False})
    refused = request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    assert refused.status_code == 400
    assert refused.json()["error"] == "unauthorized_client"
    assert "Client Credentials (Machine to Machine)" in refused.json()["error_description"]
    existing = requests.get(
        netsuite_sandbox.base_url + SERVER_TIME, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert existing.status_code == 401 and error_detail(existing)["o:errorCode"] == "FEATURE_DISABLED"


def test_authorization_code_grant_off_refuses_refresh(netsuite_sandbox):
    grant = netsuite_sandbox.sandbox.issue_authorization_code_grant()
    netsuite_sandbox.sandbox.update_settings(features={"oauth2_authorization_code": False})
    c = netsuite_sandbox.sandbox.credentials
    response = requests.post(
        netsuite_sandbox.base_url + "/services/rest/auth/oauth2/v1/token",
        data={"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]},
        auth=(c.client_id, c.client_secret),
        timeout=30,
    )
    assert response.status_code == 400 and "Authorization Code Grant" in response.json()["error_description"]


@pytest.mark.parametrize(
    ("feature", "status", "code"),
    [("restlet", 400, "SSS_INVALID_SCRIPTLET_ID"), ("server_suitescript", 403, "FEATURE_DISABLED")],
)
def test_restlet_switches(netsuite_sandbox, feature, status, code):
    headers = {"Authorization": f"Bearer {access_token(netsuite_sandbox)}"}
    assert requests.get(_restlet_url(netsuite_sandbox), headers=headers, timeout=30).json()["status"] == "ok"
    netsuite_sandbox.sandbox.update_settings(features={feature: False})
    response = requests.get(_restlet_url(netsuite_sandbox), headers=headers, timeout=30)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    if feature == "server_suitescript":
        assert "'Server SuiteScript'" in response.json()["error"]["message"]


def test_switches_are_changeable_over_http(netsuite_sandbox):
    url = netsuite_sandbox.base_url + "/_sandbox/settings"
    features = requests.post(url, json={"features": {"tba": False}}, timeout=30).json()["features"]
    assert features["tba"] is False and features["rest_web_services"] is True
