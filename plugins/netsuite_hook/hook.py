"""Airflow hook for Oracle NetSuite: turns a ``netsuite`` connection into a configured client."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from airflow.sdk import BaseHook

from netsuite_hook.checks import LinkCheckResult
from netsuite_hook.client import NetSuiteClient
from netsuite_hook.concurrency import Gate
from netsuite_hook.errors import NetSuiteError
from netsuite_hook.form import UI_FIELD_BEHAVIOUR, connection_form_widgets
from netsuite_hook.paginators import ROW_CAP
from netsuite_hook.records import Records
from netsuite_hook.redaction import mask_in_task_logs
from netsuite_hook.restlet import Restlet
from netsuite_hook.settings import NetSuiteSettings
from netsuite_hook.suiteql import SuiteQL
from netsuite_hook.transport import RetryPolicy


class NetSuiteHook(BaseHook):
    """NetSuite REST web services (SuiteQL, records) and the bundle's RESTlet.

    One client (one HTTP session, one token cache entry, the account's shared
    concurrency gate) per hook; create it once per task and reuse it.

    :param netsuite_conn_id: the Airflow connection (conn_type ``netsuite``).
    :param retry_budget_seconds: how long retries of one request may take in all
        (default: the connection's ``retry_budget_seconds`` extra, else 300).
    :param gate: what every request holds while in flight (an object with a ``slot()``
        context manager); default: this process's gate of the account at the
        connection's concurrency limit. A deployment of many processes passes one
        shared by all of them (``netsuite_ap_sync.warehouse.slots.PartnerSlots``).
    """

    conn_name_attr = "netsuite_conn_id"
    default_conn_name = "netsuite_default"
    conn_type = "netsuite"
    hook_name = "NetSuite"

    def __init__(
        self,
        netsuite_conn_id: str = default_conn_name,
        *,
        retry_budget_seconds: float | None = None,
        retry_base_delay: float | None = None,
        retry_max_delay: float | None = None,
        timeout: tuple[float, float] = (10.0, 900.0),
        row_cap: int = ROW_CAP,
        gate: Gate | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.netsuite_conn_id = netsuite_conn_id
        self._retry = {
            "time_budget": retry_budget_seconds,
            "base_delay": retry_base_delay,
            "max_delay": retry_max_delay,
        }
        self._timeout = timeout
        self._row_cap = row_cap
        self._gate = gate
        self._client: NetSuiteClient | None = None
        self._lock = threading.Lock()

    def settings(self) -> NetSuiteSettings:
        settings = NetSuiteSettings.from_connection(self.get_connection(self.netsuite_conn_id))
        mask_in_task_logs(*settings.secrets())
        return settings

    def _policy(self, settings: NetSuiteSettings) -> RetryPolicy:
        values = {key: value for key, value in self._retry.items() if value is not None}
        if "time_budget" not in values and settings.retry_budget_seconds is not None:
            values["time_budget"] = settings.retry_budget_seconds
        return RetryPolicy(**values)

    def get_conn(self) -> NetSuiteClient:
        with self._lock:
            if self._client is None:
                settings = self.settings()
                self._client = NetSuiteClient(
                    settings, self._policy(settings), timeout=self._timeout, row_cap=self._row_cap, gate=self._gate
                )
            return self._client

    @property
    def client(self) -> NetSuiteClient:
        return self.get_conn()

    @property
    def suiteql(self) -> SuiteQL:
        return self.client.suiteql

    @property
    def records(self) -> Records:
        return self.client.records

    @property
    def restlet(self) -> Restlet:
        return self.client.restlet

    def server_time(self) -> datetime:
        return self.client.server_time()

    def invoice_pdf(self, invoice_id: str | int) -> bytes:
        return self.client.invoice_pdf(invoice_id)

    def check_link(self) -> LinkCheckResult:
        """C1: credentials, REST web services, auth method and the bundle's RESTlet, each named."""
        return self.client.check_link()

    def test_connection(self) -> tuple[bool, str]:
        try:
            result = self.check_link()
        except NetSuiteError as error:
            return False, str(error)
        except Exception as error:  # the UI shows the message instead of a stack trace
            return False, f"{type(error).__name__}: {error}"
        return result.ok, result.summary()

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    @classmethod
    def get_connection_form_widgets(cls) -> dict[str, Any]:
        return connection_form_widgets()

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        return UI_FIELD_BEHAVIOUR
