"""The pages are behind Airflow's own login: its auth manager (SimpleAuthManager here)
says who the user is, from the UI's cookie or a Bearer token, and what they may do."""

from __future__ import annotations

import pytest

from netsuite_ap_sync.operations_ui import airflow_runs, app
from tests.operations_ui.conftest import FakeRuns, mounted, seed


@pytest.fixture
def client_and_tokens(sqlite_warehouse, airflow_db):
    from airflow.api_fastapi.app import init_auth_manager
    from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser

    manager = init_auth_manager()
    seed(sqlite_warehouse.engine)
    application = app.create_app()
    runs = FakeRuns()
    application.dependency_overrides[app.warehouse] = lambda: sqlite_warehouse.engine
    application.dependency_overrides[airflow_runs.airflow_runs] = lambda: runs
    tokens = {
        role: manager.generate_jwt(SimpleAuthManagerUser(username=f"{role}-user", role=role))
        for role in ("admin", "viewer")
    }
    return mounted(application), tokens, runs


def test_without_a_login_a_page_sends_the_browser_to_airflows_login_and_an_action_is_refused(client_and_tokens):
    client, _tokens, runs = client_and_tokens
    page = client.get("/partners", follow_redirects=False)
    assert page.status_code == 303
    assert "login" in page.headers["location"] and "next=" in page.headers["location"]
    assert client.post("/partners/acme/sync").status_code == 401
    assert runs.triggered == []


def test_a_forged_token_is_refused(client_and_tokens):
    client, _tokens, _runs = client_and_tokens
    answer = client.get("/partners", cookies={"_token": "not-a-token"}, follow_redirects=False)
    assert answer.status_code == 403


def test_the_ui_cookie_of_a_viewer_reads_but_cannot_act(client_and_tokens):
    client, tokens, runs = client_and_tokens
    client.cookies.set("_token", tokens["viewer"])
    page = client.get("/partners")
    assert page.status_code == 200 and "viewer-user" in page.text and "(read only)" in page.text
    assert client.post("/partners/acme/sync").status_code == 403
    assert runs.triggered == []


def test_an_admins_bearer_token_acts_and_is_named_as_the_one_who_did(client_and_tokens):
    client, tokens, runs = client_and_tokens
    answer = client.post("/partners/acme/sync", headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert answer.status_code == 200
    assert runs.triggered[0][:2] == ("acme", "admin-user")
