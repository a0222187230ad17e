"""Receiver limits: a body over the limit is a 413, refused on its Content-Length before a byte
is read, or as soon as what streams in passes the limit; an unknown or disconnected partner costs
the same work as a known one (one warehouse read, one connection read, one secret derived)."""

from __future__ import annotations

import asyncio

import pytest

from netsuite_ap_sync.partners.disconnect import disconnect_partner
from netsuite_ap_sync.warehouse import webhook_events
from netsuite_ap_sync.webhooks import partner_secrets, receiver
from netsuite_ap_sync.webhooks.receiver import MAX_BODY_BYTES, TooLarge, read_capped
from tests.webhooks.conftest import SECRETS, bearer


class StreamedRequest:
    """What ``read_capped`` reads: the headers, and the body in chunks, counting those taken."""

    def __init__(self, chunks: list[bytes], content_length: int | None = None):
        self.headers = {} if content_length is None else {"content-length": str(content_length)}
        self.chunks, self.taken = chunks, 0

    async def stream(self):
        for chunk in self.chunks:
            self.taken += 1
            yield chunk


def read(request: StreamedRequest, limit: int) -> bytes:
    return asyncio.run(read_capped(request, limit))


def test_a_declared_length_over_the_limit_is_refused_before_reading():
    request = StreamedRequest([b"x" * 10], content_length=11)
    with pytest.raises(TooLarge):
        read(request, limit=10)
    assert request.taken == 0


def test_a_stream_is_refused_at_the_chunk_that_passes_the_limit():
    request = StreamedRequest([b"x" * 6, b"x" * 6, b"x" * 6, b"x" * 6])
    with pytest.raises(TooLarge):
        read(request, limit=10)
    assert request.taken == 2


def test_a_body_within_the_limit_is_read_whole():
    assert read(StreamedRequest([b"ab", b"cd"], content_length=4), limit=4) == b"abcd"


def test_an_oversized_delivery_is_a_413_and_queues_nothing(client, registered):
    body = b'{"id": "evt_1", "topic": "payment_succeeded", "pad": "' + b"x" * MAX_BODY_BYTES + b'"}'
    response = client.post("/webhooks/ap/acme", content=body, headers=bearer(SECRETS["acme"]))
    assert response.status_code == 413
    assert webhook_events.for_partner(registered.warehouse.engine, "acme") == []


@pytest.fixture
def work_done(monkeypatch):
    """The connection reads and secret derivations a lookup makes, by connection id."""
    from airflow.sdk import BaseHook

    import alternative_payments_hook.config as config

    done: list[tuple[str, str]] = []
    get_connection, derive = BaseHook.get_connection.__func__, config.webhook_secret

    def reading(cls, conn_id):
        done.append(("read", conn_id))
        return get_connection(cls, conn_id)

    def deriving(conn, partner_id):
        done.append(("derive", partner_id))
        return derive(conn, partner_id)

    monkeypatch.setattr(BaseHook, "get_connection", classmethod(reading))
    monkeypatch.setattr(config, "webhook_secret", deriving)
    return done


def test_an_unknown_partner_costs_one_connection_read_and_one_derivation_like_a_known_one(registered, work_done):
    engine = registered.warehouse.engine
    assert partner_secrets.webhook_secret(engine, "acme") == SECRETS["acme"]
    known = [kind for kind, _ in work_done]
    work_done.clear()
    assert partner_secrets.webhook_secret(engine, "nobody") is None
    assert [kind for kind, _ in work_done] == known == ["read", "derive"]
    assert work_done[1] == ("derive", "nobody")


def test_a_disconnected_partners_deliveries_are_refused(client, registered, monkeypatch):
    monkeypatch.delenv("SYNC_WEBHOOK_BASE_URL", raising=False)
    disconnect_partner(registered.warehouse.engine, "acme", "ops")
    body = b'{"id": "evt_1", "topic": "payment_succeeded"}'
    assert client.post("/webhooks/ap/acme", content=body, headers=bearer(SECRETS["acme"])).status_code == 401
    assert client.post("/webhooks/ap/birch", content=body, headers=bearer(SECRETS["birch"])).status_code == 200


def test_with_no_partner_registered_everything_is_refused(warehouse):
    assert partner_secrets.webhook_secret(warehouse.engine, "acme") is None
    assert receiver.is_authorized(lambda _: None, "acme", "Bearer x") is False
