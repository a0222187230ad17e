"""The receiver: only the partner's bearer secret gets an event queued, once per AP event id,
whatever the order of deliveries; every refusal looks the same and no secret is logged."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from netsuite_ap_sync.warehouse import webhook_events
from tests.webhooks.conftest import SECRETS, ap_connection, bearer, event

URL = "/webhooks/ap/acme"


def queued(registered, partner_id: str = "acme") -> list[dict]:
    return webhook_events.for_partner(registered.warehouse.engine, partner_id)


def test_the_partners_bearer_gets_the_event_queued_before_the_answer(client, registered):
    response = client.post(URL, json=event(), headers=bearer(SECRETS["acme"]))
    assert response.status_code == 200
    assert response.json() == {"event_id": "evt_1", "duplicate": False}
    (row,) = queued(registered)
    assert (row["partner_id"], row["event_id"], row["topic"], row["object_id"]) == (
        "acme",
        "evt_1",
        "payment_succeeded",
        "pay_1",
    )
    assert row["payload"] == event()
    assert row["received_at"] is not None
    assert (row["processed_at"], row["processed_by"]) == (None, None)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        bearer("wrong-secret"),
        bearer(SECRETS["birch"]),  # another partner's secret
        {"Authorization": f"Basic {SECRETS['acme']}"},
        {"Authorization": "Bearer "},
        {"Authorization": SECRETS["acme"]},
    ],
    ids=["none", "wrong", "other-partner", "basic", "empty", "no-scheme"],
)
def test_anything_but_the_partners_bearer_is_a_401_and_nothing_is_queued(client, registered, headers):
    response = client.post(URL, json=event(), headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "unauthorized"}
    assert queued(registered) == []


def test_an_unknown_partner_gets_the_same_401_as_a_bad_secret(client, registered):
    unknown = client.post("/webhooks/ap/nobody", json=event(), headers=bearer(SECRETS["acme"]))
    bad = client.post(URL, json=event(), headers=bearer("wrong"))
    assert (unknown.status_code, unknown.json(), unknown.headers.get("www-authenticate")) == (
        bad.status_code,
        bad.json(),
        bad.headers.get("www-authenticate"),
    )
    assert unknown.status_code == 401


def test_a_partner_without_a_webhook_secret_extra_accepts_only_its_derived_secret(client, registered):
    from alternative_payments_hook.config import derived_webhook_secret

    registered.set_connection("acme", ap_connection(None))  # API secret "api-secret"
    derived = derived_webhook_secret("api-secret", "acme")
    assert client.post(URL, json=event(), headers={}).status_code == 401
    assert client.post(URL, json=event(), headers=bearer("")).status_code == 401
    assert client.post(URL, json=event(), headers=bearer(SECRETS["acme"])).status_code == 401
    birchs = derived_webhook_secret("api-secret", "birch")
    assert client.post(URL, json=event(), headers=bearer(birchs)).status_code == 401
    assert queued(registered) == []
    assert client.post(URL, json=event(), headers=bearer(derived)).status_code == 200
    assert [row["source"] for row in queued(registered)] == ["webhook"]


def test_a_partner_whose_connection_has_no_secret_at_all_accepts_nothing(client, registered):
    registered.set_connection("acme", {**ap_connection(None), "password": None})
    assert client.post(URL, json=event(), headers={}).status_code == 401
    assert client.post(URL, json=event(), headers=bearer("")).status_code == 401
    assert queued(registered) == []


def test_a_duplicate_delivery_is_acknowledged_and_still_one_row(client, registered):
    first = client.post(URL, json=event(), headers=bearer(SECRETS["acme"]))
    again = client.post(URL, json=event(), headers=bearer(SECRETS["acme"]))
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["duplicate"] is True
    assert len(queued(registered)) == 1


def test_the_same_event_id_of_two_partners_is_two_events(client, registered):
    client.post(URL, json=event(), headers=bearer(SECRETS["acme"]))
    client.post("/webhooks/ap/birch", json=event(), headers=bearer(SECRETS["birch"]))
    assert len(queued(registered, "acme")) == len(queued(registered, "birch")) == 1


def test_reordered_deliveries_are_all_queued(client, registered):
    for number in (3, 1, 2):
        delivery = event(f"evt_{number}", object_id=f"pay_{number}")
        response = client.post(URL, json=delivery, headers=bearer(SECRETS["acme"]))
        assert response.status_code == 200
    assert sorted(row["event_id"] for row in queued(registered)) == ["evt_1", "evt_2", "evt_3"]


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"topic": "payment_succeeded"}', b'{"id": "evt_1"}'])
def test_an_authenticated_body_that_is_no_event_is_a_400(client, registered, body):
    response = client.post(URL, content=body, headers=bearer(SECRETS["acme"]))
    assert response.status_code == 400
    assert queued(registered) == []


def test_no_secret_reaches_the_logs_or_the_warehouse(client, registered, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(URL, json=event(), headers=bearer(SECRETS["acme"]))
    client.post(URL, json=event("evt_2"), headers=bearer("guessed-secret-123"))
    client.post("/webhooks/ap/nobody", json=event("evt_3"), headers=bearer(SECRETS["birch"]))
    registered.set_connection("acme", {"conn_type": "alternative_payments"})
    client.post(URL, json=event("evt_4"), headers=bearer(SECRETS["acme"]))
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert "refused" in logged and "evt_1" in logged
    for secret in (*SECRETS.values(), "guessed-secret-123"):
        assert secret not in logged
    with registered.warehouse.engine.connect() as conn:
        stored = " ".join(str(row) for row in conn.execute(text("SELECT * FROM webhook_event")))
    assert not any(secret in stored for secret in SECRETS.values())
