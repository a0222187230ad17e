"""PUT/GET /invoices/{id}/pdf (Part B): real PDFs round-trip, everything else is refused."""

from __future__ import annotations

import hashlib

from tests.fixtures.alternative_payments import invoice_pdf_bytes
from tests.sandbox_alternative_payments.plain_api import error_of

TEN_MB = 10 * 1024 * 1024


def put_pdf(api, invoice_id: str, body: bytes, content_type: str = "application/pdf"):
    return api.request("PUT", f"/invoices/{invoice_id}/pdf", data=body, headers={"Content-Type": content_type})


def test_pdf_round_trip(api, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    pdf = invoice_pdf_bytes(pages=2)
    response = put_pdf(api, invoice_id, pdf)
    assert response.status_code == 200
    summary = response.json()["pdf"]
    assert summary["size_bytes"] == len(pdf)
    assert summary["pages"] == 2
    assert summary["sha256"] == hashlib.sha256(pdf).hexdigest()
    download = api.get(f"/invoices/{invoice_id}/pdf")
    assert download.headers["content-type"] == "application/pdf"
    assert download.content == pdf


def test_replacing_the_pdf_moves_updated_at(api, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    first = put_pdf(api, invoice_id, invoice_pdf_bytes("v1")).json()
    second = put_pdf(api, invoice_id, invoice_pdf_bytes("v2")).json()
    assert second["updated_at"] > first["updated_at"]
    assert second["pdf"]["sha256"] != first["pdf"]["sha256"]


def test_what_is_not_a_pdf_is_refused_with_422(api, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    text = put_pdf(api, invoice_id, b"Dear customer, please pay.")
    broken = put_pdf(api, invoice_id, b"%PDF-1.7\nthis is not really a pdf")
    truncated = put_pdf(api, invoice_id, invoice_pdf_bytes()[:200])
    for response in (text, broken, truncated):
        assert response.status_code == 422
        assert "body" in error_of(response)["validation_errors"]
    assert api.get(f"/invoices/{invoice_id}/pdf").status_code == 404


def test_wrong_content_type_is_refused_with_422(api, ap_sandbox):
    response = put_pdf(api, ap_sandbox.demo_ids["invoice_open"], invoice_pdf_bytes(), "application/octet-stream")
    assert response.status_code == 422
    assert "content_type" in error_of(response)["validation_errors"]


def test_pdf_over_10_mb_is_refused_with_413(api, ap_sandbox):
    body = invoice_pdf_bytes() + b"\n%" + b"x" * TEN_MB
    response = put_pdf(api, ap_sandbox.demo_ids["invoice_open"], body)
    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"
    assert "10 MB" in error_of(response)["message"]


def test_archived_invoice_takes_no_pdf(api, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    api.delete(f"/invoices/{invoice_id}")
    response = put_pdf(api, invoice_id, invoice_pdf_bytes())
    assert (response.status_code, error_of(response)["code"]) == (422, "invoice_archived")


def test_pdf_of_unknown_invoice_is_404(api):
    assert put_pdf(api, "inv_missing", invoice_pdf_bytes()).status_code == 404
    assert api.get("/invoices/inv_missing/pdf").status_code == 404
