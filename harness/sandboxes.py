"""Both sandboxes served from this process on loopback, on free ports, their clocks started together."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sandbox.alternative_payments import AlternativePaymentsSandbox, AlternativePaymentsSettings
from sandbox.alternative_payments.control_client import SandboxControl
from sandbox.netsuite import NetSuiteSandbox, NetSuiteSettings
from sandbox.server import RunningServer, serve_in_thread


@dataclass
class Sandboxes:
    netsuite: NetSuiteSandbox
    netsuite_server: RunningServer
    ap: AlternativePaymentsSandbox
    ap_server: RunningServer

    @property
    def ap_controls(self) -> SandboxControl:
        """AP-side behaviour (customers pay, payments fail, payouts)."""
        return SandboxControl(self.ap_server.base_url)

    @property
    def ns_controls(self):
        """Partner-side NetSuite changes (edit, pay, credit, delete, void)."""
        return self.netsuite.controls

    def netsuite_connection(self, auth_method: str = "oauth2_client_credentials", **options: Any) -> dict:
        return self.netsuite.airflow_connection(self.netsuite_server.base_url, auth_method, **options)

    def ap_connection(self, **options: Any) -> dict:
        return self.ap.airflow_connection(self.ap_server.base_url, **options)

    def stop(self) -> None:
        self.netsuite_server.stop()
        self.ap_server.stop()
        self.netsuite.close()


def start_sandboxes(
    netsuite: NetSuiteSettings,
    ap: AlternativePaymentsSettings,
    netsuite_secrets: dict[str, str] | None = None,
    **serve_options: Any,
) -> Sandboxes:
    """A NetSuite account and an AP account on AP's clock set to NetSuite's; ``netsuite_secrets`` replace the
    account's integration secrets, ``serve_options`` go to uvicorn."""
    ns = NetSuiteSandbox(netsuite)
    if netsuite_secrets:
        ns.credentials = dataclasses.replace(ns.credentials, **netsuite_secrets)
        ns.tba_validator.credentials = ns.credentials
    ap_box = AlternativePaymentsSandbox(ap, now=ns.settings.now)
    ns_server = serve_in_thread(ns.app, **serve_options)
    try:
        ap_server = serve_in_thread(ap_box.app, **serve_options)
    except Exception:
        ns_server.stop()
        ns.close()
        raise
    return Sandboxes(ns, ns_server, ap_box, ap_server)
