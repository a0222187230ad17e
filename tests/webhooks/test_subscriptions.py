"""Subscriptions managed by the project: ``ensure`` leaves exactly one subscription per topic the
sync needs on the partner's endpoint, with its secret, however often it runs; ``remove`` leaves
none; registering a partner subscribes it when ``SYNC_WEBHOOK_BASE_URL`` is set, and only logs
when it is not; a failure never fails the registration and never shows the secret."""

from __future__ import annotations

import json
import logging

import pytest

from alternative_payments_hook.config import derived_webhook_secret, webhook_secret
from netsuite_ap_sync.partners.registration import register_partner
from netsuite_ap_sync.webhooks import subscriptions
from netsuite_ap_sync.webhooks.subscriptions import BASE_URL_ENV, TOPICS

BASE = "http://127.0.0.1:8080/webhooks-receiver"


@pytest.fixture
def ap(make_ap_sandbox):
    return make_ap_sandbox()


def stored(ap, url: str | None = None) -> list[dict]:
    """The sandbox's active subscriptions (to ``url``), secrets included, as AP keeps them."""
    with ap.sandbox.store.lock:
        webhooks = list(ap.sandbox.store.collections["webhooks"].values())
    return [w for w in webhooks if w["status"] == "active" and (url is None or w["endpoint_url"] == url)]


def by_topic(webhooks: list[dict]) -> dict[str, str]:
    assert len({w["topic"] for w in webhooks}) == len(webhooks), "one subscription per topic"
    return {w["topic"]: w["_secret_key"] for w in webhooks}


def test_ensure_twice_leaves_one_subscription_per_topic_with_the_secret(ap):
    hook = ap.hook()
    url = f"{BASE}/webhooks/ap/acme"
    first = subscriptions.ensure(hook, "acme", BASE, "whsec-1")
    again = subscriptions.ensure(hook, "acme", BASE + "/", "whsec-1")
    assert by_topic(stored(ap, url)) == {topic: "whsec-1" for topic in TOPICS}
    assert (len(first.created), first.deleted) == (len(TOPICS), [])
    assert (sorted(again.kept), again.created, again.deleted) == (sorted(first.created), [], [])


def test_ensure_deletes_duplicates_and_other_topics_of_the_endpoint_only(ap):
    hook = ap.hook()
    url = f"{BASE}/webhooks/ap/acme"
    duplicate = hook.create_webhook(url, "payment_succeeded", "whsec-1")["id"]
    other_topic = hook.create_webhook(url, "customer_created", "whsec-1")["id"]
    no_secret = hook.create_webhook(url, "payout_paid")["id"]
    elsewhere = hook.create_webhook("https://example.com/hooks", "payment_succeeded", "theirs")["id"]
    outcome = subscriptions.ensure(hook, "acme", BASE, "whsec-1")
    assert sorted(outcome.deleted) == sorted([other_topic, no_secret])
    assert duplicate in outcome.kept
    subscriptions.ensure(hook, "acme", BASE, "whsec-1")
    assert by_topic(stored(ap, url)) == {topic: "whsec-1" for topic in TOPICS}
    assert [w["id"] for w in stored(ap, "https://example.com/hooks")] == [elsewhere]


def test_ensure_with_replace_subscribes_again_with_a_rotated_secret(ap):
    hook = ap.hook()
    subscriptions.ensure(hook, "acme", BASE, "old")
    subscriptions.ensure(hook, "acme", BASE, "new", replace=True)
    assert by_topic(stored(ap, f"{BASE}/webhooks/ap/acme")) == {topic: "new" for topic in TOPICS}


def test_remove_deletes_every_subscription_of_the_endpoint_and_nothing_else(ap):
    hook = ap.hook()
    subscriptions.ensure(hook, "acme", BASE, "whsec-1")
    subscriptions.ensure(hook, "birch", BASE, "whsec-2")
    assert len(subscriptions.remove(hook, "acme", BASE).deleted) == len(TOPICS)
    assert subscriptions.remove(hook, "acme", BASE).deleted == []
    assert stored(ap, f"{BASE}/webhooks/ap/acme") == []
    assert len(stored(ap, f"{BASE}/webhooks/ap/birch")) == len(TOPICS)


def test_the_listing_names_no_secret(ap):
    hook = ap.hook()
    subscriptions.ensure(hook, "acme", BASE, "whsec-listed-nowhere")
    listed = [w for page in hook.iter_webhooks() for w in page]
    assert listed and "whsec-listed-nowhere" not in json.dumps(listed, default=str)


def test_the_derived_secret_is_the_hmac_of_the_partner_id_keyed_by_the_api_secret():
    from types import SimpleNamespace

    conn = SimpleNamespace(password="api-secret", extra_dejson={})
    derived = webhook_secret(conn, "acme")
    assert derived == derived_webhook_secret("api-secret", "acme")
    assert len(derived) == 64 and derived != webhook_secret(conn, "birch")
    explicit = SimpleNamespace(password="api-secret", extra_dejson={"webhook_secret": "set"})
    assert webhook_secret(explicit, "acme") == "set"
    assert webhook_secret(SimpleNamespace(password=None, extra_dejson={}), "acme") is None


# Registration


NETSUITE = {"conn_type": "netsuite", "login": "client-id", "extra": {"account_id": "1234567"}}


@pytest.fixture
def connections(ap, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_NETSUITE_CEDAR", json.dumps(NETSUITE))
    ap.install_connection("ap_cedar")
    return "netsuite_cedar", "ap_cedar"


def test_registering_with_a_base_url_subscribes_the_partner_with_its_derived_secret(
    ap, warehouse, connections, monkeypatch, caplog
):
    monkeypatch.setenv(BASE_URL_ENV, BASE)
    secret = derived_webhook_secret(ap.sandbox.credentials.client_secret, "cedar")
    with caplog.at_level(logging.DEBUG):
        register_partner(warehouse.engine, "cedar", "Cedar", *connections)
        register_partner(warehouse.engine, "cedar", "Cedar", *connections)  # again: the same state
    assert by_topic(stored(ap, f"{BASE}/webhooks/ap/cedar")) == {topic: secret for topic in TOPICS}
    assert secret not in caplog.text


def test_registering_without_a_base_url_logs_and_subscribes_nothing(ap, warehouse, connections, monkeypatch, caplog):
    monkeypatch.delenv(BASE_URL_ENV, raising=False)
    with caplog.at_level(logging.INFO, logger=subscriptions.__name__):
        register_partner(warehouse.engine, "cedar", "Cedar", *connections)
    lines = [r for r in caplog.records if r.name == subscriptions.__name__]
    assert [(r.levelname, BASE_URL_ENV in r.getMessage(), "poll" in r.getMessage()) for r in lines] == [
        ("INFO", True, True)
    ]
    assert stored(ap) == []


def test_a_failing_subscription_is_logged_and_the_partner_still_registered(
    ap, warehouse, connections, monkeypatch, caplog
):
    from netsuite_ap_sync.warehouse import partners

    monkeypatch.setenv(BASE_URL_ENV, "not a url")  # AP refuses the endpoint
    secret = derived_webhook_secret(ap.sandbox.credentials.client_secret, "cedar")
    with caplog.at_level(logging.WARNING, logger=subscriptions.__name__):
        register_partner(warehouse.engine, "cedar", "Cedar", *connections)
    assert partners.get(warehouse.engine, "cedar").partner_id == "cedar"
    (warning,) = [r for r in caplog.records if r.name == subscriptions.__name__]
    assert "could not subscribe" in warning.getMessage() and "poll" in warning.getMessage()
    assert secret not in caplog.text
    assert stored(ap) == []


def test_unsubscribe_partner_removes_its_subscriptions(ap, connections, monkeypatch):
    monkeypatch.setenv(BASE_URL_ENV, BASE)
    assert subscriptions.subscribe_partner("cedar", "ap_cedar")["managed"] is True
    outcome = subscriptions.unsubscribe_partner("cedar", "ap_cedar")
    assert len(outcome["deleted"]) == len(TOPICS)
    assert stored(ap) == []
