"""The bundle's RESTlet returns a real PDF of the invoice (parsed back with pypdf)."""

from __future__ import annotations

import base64
import io

import pytest
import requests
from pypdf import PdfReader

from tests.fixtures.netsuite import start_netsuite
from tests.sandbox_netsuite.clients import access_token


@pytest.fixture(scope="module")
def netsuite_sandbox():
    """One account for the whole module: these tests only read, or add records of their own."""
    running = start_netsuite()
    yield running
    running.stop()


RESTLET = "/app/site/hosting/restlet.nl"


@pytest.fixture
def headers(netsuite_sandbox):
    return {"Authorization": f"Bearer {access_token(netsuite_sandbox)}"}


def _params(running, **extra) -> dict:
    c = running.sandbox.credentials
    return {"script": c.restlet_script_id, "deploy": c.restlet_deploy_id, **extra}


def test_restlet_returns_a_valid_pdf_of_the_invoice(netsuite_sandbox, headers):
    controls = netsuite_sandbox.sandbox.controls
    customer = controls.create_customer("Harbor Dental Group", currency=1)
    invoice = controls.create_invoice(
        customer["id"],
        [
            {"item": 1, "quantity": 3, "rate": 150.0, "description": "Network audit"},
            {"item": 7, "quantity": 10, "rate": 22.0},
        ],
    )
    controls.apply_payment(invoice["id"], 100.0)
    response = requests.get(
        netsuite_sandbox.base_url + RESTLET,
        params=_params(netsuite_sandbox, id=invoice["id"]),
        headers=headers,
        timeout=30,
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "filename", "contents"}
    assert body["id"] == str(invoice["id"]) and body["filename"] == f"{invoice['tranid']}.pdf"
    pdf = base64.b64decode(body["contents"])
    assert pdf.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (invoice["tranid"], "Harbor Dental Group", "Network audit", "USD 670.00", "USD 570.00"):
        assert expected in text


def test_restlet_by_post_with_json_and_numeric_ids(netsuite_sandbox, headers):
    invoice_id = netsuite_sandbox.sandbox.controls.create_invoice(101)["id"]
    response = requests.post(
        netsuite_sandbox.base_url + RESTLET,
        params={"script": "512", "deploy": "1"},
        json={"id": invoice_id},
        headers=headers,
        timeout=30,
    )
    assert response.status_code == 200 and response.json()["id"] == str(invoice_id)
    wrong_type = requests.post(
        netsuite_sandbox.base_url + RESTLET,
        params={"script": "512", "deploy": "1"},
        data="id=1",
        headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    assert wrong_type.status_code == 415


@pytest.mark.parametrize(
    ("params", "code"),
    [
        (
            {"script": "customscript_other", "deploy": "customdeploy_ap_invoice_pdf", "id": "1001"},
            "SSS_INVALID_SCRIPTLET_ID",
        ),
        ({"script": "customscript_ap_invoice_pdf", "deploy": "2", "id": "1001"}, "SSS_INVALID_SCRIPTLET_ID"),
        (
            {"script": "customscript_ap_invoice_pdf", "deploy": "customdeploy_ap_invoice_pdf", "id": "99999999"},
            "RCRD_DSNT_EXIST",
        ),
        ({"script": "customscript_ap_invoice_pdf", "deploy": "customdeploy_ap_invoice_pdf"}, "MISSING_REQD_ARGUMENT"),
    ],
)
def test_restlet_errors_have_the_restlet_shape(netsuite_sandbox, headers, params, code):
    response = requests.get(netsuite_sandbox.base_url + RESTLET, params=params, headers=headers, timeout=30)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_restlet_needs_a_login(netsuite_sandbox):
    response = requests.get(netsuite_sandbox.base_url + RESTLET, params=_params(netsuite_sandbox, id=1001), timeout=30)
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "INVALID_LOGIN_ATTEMPT", "message": "Invalid login attempt."}}
