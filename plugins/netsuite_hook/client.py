"""One configured NetSuite client: transport plus the SuiteQL, record and RESTlet services."""

from __future__ import annotations

from datetime import datetime

from netsuite_hook.checks import LinkCheckResult, LinkProbe, check_link
from netsuite_hook.concurrency import Gate
from netsuite_hook.paginators import ROW_CAP
from netsuite_hook.records import Records
from netsuite_hook.restlet import Restlet
from netsuite_hook.settings import NetSuiteSettings
from netsuite_hook.suiteql import SuiteQL
from netsuite_hook.transport import RetryPolicy, Transport

SERVER_TIME_PATH = "system/v1/serverTime"


def parse_server_time(value: str) -> datetime:
    """NetSuite's ``serverTime`` (UTC, ISO 8601 with a trailing Z) as an aware datetime."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class NetSuiteClient:
    def __init__(
        self,
        settings: NetSuiteSettings,
        policy: RetryPolicy | None = None,
        *,
        timeout: tuple[float, float] = (10.0, 900.0),
        row_cap: int = ROW_CAP,
        gate: Gate | None = None,
    ) -> None:
        self.settings = settings
        self.transport = Transport(settings, policy, timeout=timeout, gate=gate)
        self.suiteql = SuiteQL(self.transport, row_cap=row_cap)
        self.records = Records(self.transport)
        self.restlet = Restlet(self.transport)

    def server_time(self) -> datetime:
        """NetSuite's clock (UTC): the upper bound for a sync window, never the local clock."""
        response = self.transport.request("GET", self.transport.urls.rest_url(SERVER_TIME_PATH))
        return parse_server_time(response.json()["serverTime"])

    def invoice_pdf(self, invoice_id: str | int) -> bytes:
        return self.restlet.invoice_pdf(invoice_id)

    def check_link(self) -> LinkCheckResult:
        return check_link(
            LinkProbe(
                settings=self.settings,
                authenticate=self.transport.auth.prepare,
                server_time=self.server_time,
                restlet_ping=self.restlet.ping,
            )
        )

    def close(self) -> None:
        self.transport.close()

    def __repr__(self) -> str:
        return f"NetSuiteClient(conn_id={self.settings.conn_id!r}, account_id={self.settings.account_id!r})"
