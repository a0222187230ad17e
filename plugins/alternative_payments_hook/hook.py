"""``AlternativePaymentsHook``: an Airflow connection turned into an authenticated AP client.

Built on the HTTP provider's ``HttpHook`` for the connection, base URL and keep-alive
session, but unlike it: no Basic auth on API calls, connection extras never become HTTP
headers, 429 is retried, and list reads are generators instead of piling pages up.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import requests
from airflow.providers.common.compat.sdk import mask_secret
from airflow.providers.http.hooks.http import HttpHook

from alternative_payments_hook.auth import ClientCredentialsToken
from alternative_payments_hook.config import CONN_TYPE, PRODUCTION_URL, ConnectionSettings
from alternative_payments_hook.form import FORM
from alternative_payments_hook.integration_surface import IntegrationSurfaceMixin
from alternative_payments_hook.rate_limit import STORE_CONN_ID, StoreSettings, limiter_for
from alternative_payments_hook.resources import PublicApiMixin
from alternative_payments_hook.retry import RetryPolicy
from alternative_payments_hook.transport import Transport

USER_AGENT = "netsuite-ap-sync (Airflow AlternativePaymentsHook)"


class AlternativePaymentsHook(PublicApiMixin, IntegrationSurfaceMixin, HttpHook):
    """Client for one AP partner account (one API key pair).

    :param ap_conn_id: Airflow connection of type ``alternative_payments``.
    :param retry_policy: overrides the default backoff; its time budget otherwise comes
        from the connection extra ``retry_time_budget_seconds``.
    :param clock: monotonic clock for token renewal and retry budgets (tests move it).
    :param sleep: how to wait between retries.
    :param rate_limit_store_conn_id: Airflow connection (type ``redis``) where every process
        shares each API key's rate limit; when it does not exist, each process limits itself.
    """

    conn_name_attr = "ap_conn_id"
    default_conn_name = "alternative_payments_default"
    conn_type = CONN_TYPE
    hook_name = "Alternative Payments"
    default_host = PRODUCTION_URL

    def __init__(
        self,
        ap_conn_id: str = default_conn_name,
        *,
        retry_policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rate_limit_store_conn_id: str = STORE_CONN_ID,
    ) -> None:
        super().__init__(method="GET", http_conn_id=ap_conn_id)
        self.ap_conn_id = ap_conn_id
        self.rate_limit_store_conn_id = rate_limit_store_conn_id
        self._retry_policy = retry_policy
        self._clock = clock
        self._sleep = sleep
        self._settings: ConnectionSettings | None = None
        self._transport: Transport | None = None
        self._transport_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"AlternativePaymentsHook(ap_conn_id={self.ap_conn_id!r})"

    @classmethod
    def get_connection_form_widgets(cls) -> dict[str, Any]:
        return FORM.connection_form_widgets()

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        return FORM.ui_field_behaviour

    @property
    def settings(self) -> ConnectionSettings:
        """The connection as the hook reads it (secret hidden from repr)."""
        return self._load_settings()

    def _load_settings(self) -> ConnectionSettings:
        if self._settings is None:
            conn = self.get_connection(self.ap_conn_id)
            settings = ConnectionSettings.from_connection(conn)
            mask_secret(settings.client_secret)
            self.base_url = settings.base_url
            self._base_url_initialized = True
            self._settings = settings
        return self._settings

    def get_conn(
        self, headers: dict[Any, Any] | None = None, extra_options: dict[str, Any] | None = None
    ) -> requests.Session:
        """A plain keep-alive session: no auth (tokens are added per request), no extras as headers."""
        self._load_settings()  # sets base_url; refuses insecure transport before anything is sent
        session = requests.Session()
        session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})
        if headers:
            session.headers.update(headers)
        return self._configure_session_from_mount_adapters(session)

    @property
    def transport(self) -> Transport:
        with self._transport_lock:
            if self._transport is None:
                self._transport = self._build_transport(self.settings)
            return self._transport

    def _build_transport(self, settings: ConnectionSettings) -> Transport:
        policy = self._retry_policy or RetryPolicy(time_budget=settings.retry_time_budget_seconds)
        transport = Transport(
            base_url=settings.base_url,
            session_factory=self.get_conn,
            limiter=limiter_for(
                settings.base_url, settings.client_id, settings.rate_limit_per_second, self._rate_limit_store()
            ),
            policy=policy,
            timeout=settings.timeout_seconds,
            clock=self._clock,
            sleep=self._sleep,
            credentials_hint=(
                f"Check the Client ID and Client Secret of Airflow connection {self.ap_conn_id!r} "
                f"for {settings.base_url}."
            ),
        )
        transport.token = ClientCredentialsToken(
            settings.token_url, settings.client_id, settings.client_secret, send=transport.send, clock=self._clock
        )
        return transport

    def _rate_limit_store(self) -> StoreSettings | None:
        from airflow.providers.common.compat.sdk import AirflowNotFoundException

        try:
            conn = self.get_connection(self.rate_limit_store_conn_id)
        except AirflowNotFoundException:
            return None
        store = StoreSettings.from_connection(conn)
        if store.password:
            mask_secret(store.password)
        return store

    def run(
        self,
        endpoint: str | None = None,
        data: dict[str, Any] | str | None = None,
        headers: dict[str, Any] | None = None,
        extra_options: dict[str, Any] | None = None,
        **request_kwargs: Any,
    ) -> requests.Response:
        """HttpHook's entry point, routed through the authenticated, rate-limited transport."""
        path = "/" + (endpoint or "").lstrip("/")
        key = "params" if self.method in ("GET", "HEAD", "DELETE") else "data"
        kwargs: dict[str, Any] = {key: data} if data is not None else {}
        return self.transport.request(self.method, path, headers=headers or {}, **kwargs, **request_kwargs)

    def test_connection(self) -> tuple[bool, str]:
        """Fetch a token and read one customer: proves URL, credentials and API access."""
        try:
            self.call("GET", "/customers", params={"limit": 1})
        except Exception as exc:
            return False, str(exc)
        return True, f"Connected to Alternative Payments at {self.settings.base_url}"
