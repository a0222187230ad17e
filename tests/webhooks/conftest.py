"""A warehouse with two registered partners whose AP connections hold webhook secrets, and the
receiver on it (in process through ``TestClient``, or served on loopback for the sandbox)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from netsuite_ap_sync.warehouse import partners
from netsuite_ap_sync.webhooks import receiver
from sandbox.server import RunningServer, serve_in_thread
from sandbox.start_time import SANDBOX_NOW
from tests.fixtures.warehouse import Warehouse

SECRETS = {"acme": "whsec-acme-5f0c1d2e3b4a", "birch": "whsec-birch-9a8b7c6d5e4f"}


def ap_connection(secret: str | None, host: str = "http://127.0.0.1:1") -> dict:
    extra = {"webhook_secret": secret} if secret else {}
    return {"conn_type": "alternative_payments", "host": host, "login": "id", "password": "api-secret", "extra": extra}


@dataclass
class Partners:
    """The warehouse and how to (re)point a partner's AP connection."""

    warehouse: Warehouse
    monkeypatch: pytest.MonkeyPatch

    def set_connection(self, partner_id: str, connection: dict) -> None:
        self.monkeypatch.setenv(f"AIRFLOW_CONN_AP_{partner_id.upper()}", json.dumps(connection))


@pytest.fixture
def registered(warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch) -> Partners:
    known = Partners(warehouse, monkeypatch)
    for partner_id, secret in SECRETS.items():
        partners.register(warehouse.engine, partner_id, partner_id.title(), f"ns_{partner_id}", f"ap_{partner_id}")
        known.set_connection(partner_id, ap_connection(secret))
    return known


def receiver_app(registered: Partners) -> FastAPI:
    app = receiver.create_app()
    app.dependency_overrides[receiver.warehouse] = lambda: registered.warehouse.engine
    return receiver.standalone_app(app)


@pytest.fixture
def client(registered: Partners) -> Iterator[TestClient]:
    with TestClient(receiver_app(registered), base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def served_receiver(registered: Partners) -> Iterator[RunningServer]:
    server = serve_in_thread(receiver_app(registered))
    yield server
    server.stop()


def event(event_id: str = "evt_1", topic: str = "payment_succeeded", object_id: str = "pay_1") -> dict:
    """An AP event as ``GET /webhooks/events`` lists it."""
    moment = SANDBOX_NOW.isoformat()
    data = {"id": object_id, "status": "succeeded"}
    return {"id": event_id, "topic": topic, "data": data, "created_at": moment, "updated_at": moment}


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
