"""Both sandboxes, served from the demo's own process on loopback."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sandbox.alternative_payments import AlternativePaymentsSandbox, AlternativePaymentsSettings
from sandbox.alternative_payments.control_client import SandboxControl
from sandbox.netsuite import NetSuiteSandbox, NetSuiteSettings
from sandbox.server import RunningServer
from sandbox.start_time import SANDBOX_NOW

# AP documents 5 requests per second per key. At that rate the demo's first
# sync alone would take over ten minutes, so the AP sandbox runs faster.
DEMO_AP_RATE = 100.0
DOCUMENTED_AP_RATE = 5.0
DEMO_SEED = 7


@dataclass
class Sandboxes:
    netsuite: NetSuiteSandbox
    netsuite_server: RunningServer
    ap: AlternativePaymentsSandbox
    ap_server: RunningServer

    @property
    def ap_controls(self) -> SandboxControl:
        return SandboxControl(self.ap_server.base_url)

    @property
    def ns_controls(self):
        return self.netsuite.controls

    def connection_specs(self, netsuite_conn_id: str, ap_conn_id: str) -> dict[str, dict]:
        """Both sandboxes' Airflow connections by id, as Airflow's JSON connection format has them."""
        return {
            netsuite_conn_id: self.netsuite.airflow_connection(self.netsuite_server.base_url),
            ap_conn_id: self.ap.airflow_connection(self.ap_server.base_url),
        }

    def connections(self, netsuite_conn_id: str, ap_conn_id: str) -> dict[str, str]:
        """``AIRFLOW_CONN_*`` variables for the Airflow processes the demo starts."""
        specs = self.connection_specs(netsuite_conn_id, ap_conn_id)
        return {f"AIRFLOW_CONN_{conn_id.upper()}": json.dumps(spec) for conn_id, spec in specs.items()}

    def stop(self) -> None:
        self.netsuite_server.stop()
        self.ap_server.stop()
        self.netsuite.close()


def start(
    customers: int, invoices: int, years: float, db_path: str | None = None, now: datetime = SANDBOX_NOW
) -> Sandboxes:
    """Both sandboxes with their clocks started at ``now``: the same data set whatever the date."""
    netsuite = NetSuiteSandbox(
        NetSuiteSettings.from_options(
            customers=customers, invoices=invoices, years=years, seed=DEMO_SEED, db_path=db_path, now=now
        )
    )
    ap = AlternativePaymentsSandbox(AlternativePaymentsSettings(rate_limit_per_second=DEMO_AP_RATE), now=now)
    return Sandboxes(netsuite, netsuite.serve(), ap, ap.serve())
