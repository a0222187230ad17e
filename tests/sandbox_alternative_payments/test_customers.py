"""Customers: documented fields, validation, external_id, filters, update, archive."""

from __future__ import annotations

from tests.sandbox_alternative_payments.plain_api import error_of

DOCUMENTED_FIELDS = {
    "id",
    "name",
    "email",
    "external_id",
    "customer_integration_id",
    "default_payment_method_id",
    "legal_name",
    "ein",
    "street_address",
    "sub_premise",
    "city",
    "state",
    "postal_code",
    "country",
    "created_at",
    "updated_at",
}


def test_created_customer_has_every_documented_field(empty_api):
    customer = empty_api.ok(
        "POST", "/customers", {"name": "Acme", "email": "a@acme.example", "external_id": "17", "ein": "12-3456789"}
    )
    assert set(customer) >= DOCUMENTED_FIELDS
    assert customer["external_id"] == "17"
    assert customer["status"] == "active"
    assert customer["created_at"].endswith("Z")
    assert empty_api.ok("GET", f"/customers/{customer['id']}") == customer


def test_invalid_customer_fields_are_named_in_a_422(empty_api):
    response = empty_api.post("/customers", {"email": "not-an-email", "ein": "12", "nickname": "x"})
    assert response.status_code == 422
    errors = error_of(response)["validation_errors"]
    assert set(errors) == {"name", "email", "ein", "nickname"}
    assert errors["nickname"] == "unknown field"


def test_a_customer_needs_a_name_and_an_email_as_the_schema_says(empty_api):
    for body in ({"external_id": "17"}, {"name": "", "email": None}, {"name": 17, "email": ["a@b.example"]}):
        response = empty_api.post("/customers", body)
        assert response.status_code == 422
        assert set(error_of(response)["validation_errors"]) == {"name", "email"}
    response = empty_api.post("/customers", {"name": "Acme", "external_id": "17"})
    assert error_of(response)["validation_errors"] == {"email": "is required"}
    assert empty_api.ok("GET", "/customers")["data"] == []


def test_external_id_is_unique_per_account(empty_api):
    first = empty_api.ok("POST", "/customers", {"name": "A", "email": "a@a.example", "external_id": "17"})
    response = empty_api.post("/customers", {"name": "B", "email": "b@b.example", "external_id": "17"})
    assert response.status_code == 422
    assert first["id"] in error_of(response)["validation_errors"]["external_id"]


def test_customers_filter_by_external_id_company_name_and_status(api, ap_sandbox):
    acme = ap_sandbox.demo_ids["customer_acme"]
    assert [c["id"] for c in api.ok("GET", "/customers", external_id="101")["data"]] == [acme]
    assert [c["id"] for c in api.ok("GET", "/customers", company_name="acme")["data"]] == [acme]
    api.delete(f"/customers/{acme}")
    assert [c["id"] for c in api.ok("GET", "/customers", status="archived")["data"]] == [acme]


def test_patch_changes_name_and_address_but_not_read_only_fields(api, ap_sandbox):
    acme = ap_sandbox.demo_ids["customer_acme"]
    updated = api.ok("PATCH", f"/customers/{acme}", {"name": "Acme Dental Group", "city": "Austin"})
    assert (updated["name"], updated["city"]) == ("Acme Dental Group", "Austin")
    response = api.patch(f"/customers/{acme}", {"customer_integration_id": "x", "email": "b@b.example"})
    assert response.status_code == 422
    assert set(error_of(response)["validation_errors"]) == {"customer_integration_id", "email"}


def test_delete_archives_and_the_customer_stays_readable(api, ap_sandbox):
    acme = ap_sandbox.demo_ids["customer_acme"]
    archived = api.ok("DELETE", f"/customers/{acme}")
    assert archived["status"] == "archived"
    assert api.ok("GET", f"/customers/{acme}")["status"] == "archived"
    refused = api.patch(f"/customers/{acme}", {"name": "x"})
    assert (refused.status_code, error_of(refused)["code"]) == (422, "customer_archived")


def test_unknown_customer_is_404_in_the_error_shape(api):
    response = api.get("/customers/cus_missing")
    assert response.status_code == 404
    assert error_of(response) == {
        "code": "not_found",
        "message": "customer cus_missing not found",
        "validation_errors": {},
    }


def test_malformed_json_is_400(api):
    response = api.request("POST", "/customers", data="{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "body" in error_of(response)["validation_errors"]
