"""POST /oauth/token and bearer tokens on API calls."""

from __future__ import annotations

import requests

from tests.sandbox_alternative_payments.conftest import plain_api
from tests.sandbox_alternative_payments.plain_api import error_of


def test_client_credentials_over_basic_auth_get_a_one_hour_bearer_token(ap_sandbox):
    response = plain_api(ap_sandbox).fetch_token()
    assert response.status_code == 200
    body = response.json()
    assert body["expires_in"] == 3600
    assert body["token_type"] == "bearer"
    assert len(body["access_token"]) > 20
    assert response.headers["Cache-Control"] == "no-store"


def test_wrong_client_secret_is_refused_with_403_in_the_error_shape(ap_sandbox):
    response = plain_api(ap_sandbox).fetch_token(client_secret="not-the-secret")
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_token_request_without_basic_auth_is_401(ap_sandbox):
    response = requests.post(
        f"{ap_sandbox.base_url}/oauth/token", data={"grant_type": "client_credentials"}, timeout=10
    )
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_other_grant_types_are_400(ap_sandbox):
    creds = ap_sandbox.sandbox.credentials
    response = requests.post(
        f"{ap_sandbox.base_url}/oauth/token",
        auth=(creds.client_id, creds.client_secret),
        data={"grant_type": "password"},
        timeout=10,
    )
    assert response.status_code == 400
    assert "grant_type" in error_of(response)["validation_errors"]


def test_api_calls_need_a_known_bearer_token(ap_sandbox):
    bare = requests.get(f"{ap_sandbox.base_url}/customers", timeout=10)
    forged = requests.get(f"{ap_sandbox.base_url}/customers", headers={"Authorization": "Bearer forged"}, timeout=10)
    assert (bare.status_code, forged.status_code) == (401, 401)
    assert error_of(forged)["message"] == "unknown access token"


def test_token_expires_after_3600_seconds_on_the_movable_clock(ap_sandbox):
    api = plain_api(ap_sandbox).login()
    ap_sandbox.control.advance_clock(3599)
    assert api.get("/customers").status_code == 200
    ap_sandbox.control.advance_clock(2)
    expired = api.get("/customers")
    assert expired.status_code == 401
    assert error_of(expired)["code"] == "token_expired"
    assert plain_api(ap_sandbox).login().get("/customers").status_code == 200


def test_token_lifetime_follows_the_setting(make_ap_sandbox):
    running = make_ap_sandbox(token_ttl_seconds=60)
    assert plain_api(running).fetch_token().json()["expires_in"] == 60


def test_clock_only_moves_forward(ap_sandbox):
    response = requests.post(f"{ap_sandbox.base_url}/_sandbox/clock", json={"now": "2001-01-01T00:00:00Z"}, timeout=10)
    assert response.status_code == 422
    assert "now" in error_of(response)["validation_errors"]
    moved = ap_sandbox.control.advance_clock(86400)
    assert moved["offset_seconds"] >= 86400


def test_two_partners_have_separate_keys_and_data(make_ap_sandbox):
    first, second = make_ap_sandbox(demo_data=True), make_ap_sandbox()
    first_api = plain_api(first).login()
    stolen = requests.get(f"{second.base_url}/customers", headers=dict(first_api.session.headers), timeout=10)
    assert stolen.status_code == 401
    assert plain_api(second).login().get("/customers").json()["data"] == []
    assert len(first_api.get("/customers").json()["data"]) == 3
    assert first.sandbox.credentials.client_id != second.sandbox.credentials.client_id
