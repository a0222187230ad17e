"""``AlternativePaymentsSandbox``: one AP partner account served over HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sandbox.alternative_payments.app import build_app
from sandbox.alternative_payments.context import SandboxContext
from sandbox.alternative_payments.demo import load_demo_data
from sandbox.alternative_payments.settings import AlternativePaymentsSettings
from sandbox.server import RunningServer, serve_in_thread
from sandbox.start_time import SANDBOX_NOW

CONN_TYPE = "alternative_payments"


@dataclass(frozen=True)
class SandboxCredentials:
    client_id: str
    client_secret: str = field(repr=False)


class AlternativePaymentsSandbox:
    """An in-memory AP account: ``app`` is the FastAPI app, ``serve()`` runs it on loopback.

    Its clock starts at ``now`` (by default the same fixed moment as the NetSuite sandbox's) and runs on in real time.
    """

    def __init__(self, settings: AlternativePaymentsSettings | None = None, now: datetime = SANDBOX_NOW) -> None:
        self.settings = settings or AlternativePaymentsSettings()
        self.context = SandboxContext.create(self.settings, now)
        self.app = build_app(self.context)

    @property
    def credentials(self) -> SandboxCredentials:
        return SandboxCredentials(self.settings.client_id, self.settings.client_secret)

    @property
    def store(self):
        return self.context.store

    @property
    def clock(self):
        return self.context.clock

    def load_demo_data(self) -> dict[str, str]:
        """Load the small demo data set; returns record ids by name."""
        return load_demo_data(self.context.store)

    def serve(self, port: int = 0) -> RunningServer:
        return serve_in_thread(self.app, port=port)

    def airflow_connection(
        self,
        base_url: str,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """The Airflow connection for this sandbox; ``extra`` adds non-secret settings.

        ``rate_limit_per_second`` defaults to the sandbox's own limit.
        """
        extra.setdefault("rate_limit_per_second", self.settings.rate_limit_per_second)
        return {
            "conn_type": CONN_TYPE,
            "host": base_url,
            "login": client_id or self.settings.client_id,
            "password": client_secret or self.settings.client_secret,
            "extra": extra,
        }
