"""NetSuiteSandbox: one sandbox account (data, clock, credentials, governance) and its HTTP app."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from sandbox.netsuite.app import SandboxApp, build_app
from sandbox.netsuite.clock import SandboxClock
from sandbox.netsuite.controls import SandboxControls
from sandbox.netsuite.credentials import NetSuiteCredentials, load_credentials
from sandbox.netsuite.dataset import last_change, open_database, regenerate
from sandbox.netsuite.generator import DataSetSpec
from sandbox.netsuite.governance import Governor, Stats
from sandbox.netsuite.guard import LoginAudit
from sandbox.netsuite.ledger import Ledger
from sandbox.netsuite.oauth2 import SCOPES, auth_now
from sandbox.netsuite.record_service import RecordService
from sandbox.netsuite.settings import NetSuiteSettings, RuntimeSettings
from sandbox.netsuite.tba import NonceStore, TbaValidator
from sandbox.netsuite.tokens import AUTHORIZATION_CODE, TokenStore
from sandbox.server import RunningServer, serve_in_thread

AUTH_METHODS = ("oauth2_client_credentials", "oauth2_authorization_code", "tba")


class NetSuiteSandbox:
    """One NetSuite account. ``NetSuiteSandbox(invoices=1000, latency_seconds=0.05)`` or pass settings."""

    def __init__(self, settings: NetSuiteSettings | None = None, **options: Any) -> None:
        if settings is not None and options:
            raise TypeError("pass either settings or keyword options, not both")
        self.settings = settings or NetSuiteSettings.from_options(**options)
        self.settings.validate()
        self._initial_runtime = RuntimeSettings(**self.settings.runtime.as_dict())
        self.clock = SandboxClock(self.settings.time_zone, self.settings.now)
        self._tempdir: str | None = None
        path = self.settings.db_path
        if path is None:
            self._tempdir = tempfile.mkdtemp(prefix="netsuite-sandbox-")
            path = os.path.join(self._tempdir, "netsuite.db")
        self.db, self.generated = open_database(path, self._spec(), self.clock.now_local())
        if not self.generated:
            self.clock.resume_after(last_change(self.db))
        self.ledger = Ledger(self.db, self.clock)
        self.credentials: NetSuiteCredentials = load_credentials(
            self.db, self.settings.account_id, self.settings.restlet_script_id, self.settings.restlet_deploy_id
        )
        self.tokens = TokenStore()
        self.nonces = NonceStore()
        self.tba_validator = TbaValidator(self.credentials, self.nonces, self._auth_now)
        self.audit = LoginAudit()
        self.stats = Stats()
        self.governor = Governor(self.settings.runtime, self.stats)
        self.records_service = RecordService(self.db, self.ledger, self.clock)
        self.controls = SandboxControls(self)
        self.app: SandboxApp = build_app(self)

    def _spec(self) -> DataSetSpec:
        s = self.settings
        return DataSetSpec(seed=s.seed, customers=s.customers, invoices=s.invoices, years=s.years)

    def _auth_now(self) -> float:
        return auth_now(self)

    # -- serving ----------------------------------------------------------------------------------------------
    def serve(self, port: int = 0) -> RunningServer:
        """Start the HTTP server on 127.0.0.1 (a free port by default) in a background thread."""
        return serve_in_thread(self.app, port=port)

    def airflow_connection(self, base_url: str, auth_method: str = "oauth2_client_credentials", **options: Any) -> dict:
        """The Airflow connection (conn_type netsuite) for this sandbox; ``options`` go into extra."""
        if auth_method not in AUTH_METHODS:
            raise ValueError(f"auth_method must be one of {AUTH_METHODS}")
        c = self.credentials
        extra: dict[str, Any] = {
            "account_id": c.account_id,
            "auth_method": auth_method,
            "restlet_script_id": c.restlet_script_id,
            "restlet_deploy_id": c.restlet_deploy_id,
            "concurrency_limit": self.settings.runtime.concurrency_limit,
        }
        if auth_method == "oauth2_client_credentials":
            login, password = c.client_id, ""
            extra.update(certificate_id=c.certificate_id, private_key=c.private_key_pem)
        elif auth_method == "oauth2_authorization_code":
            login, password = c.client_id, c.client_secret
            refresh = options.pop("refresh_token", None) or self.issue_authorization_code_grant()["refresh_token"]
            extra.update(refresh_token=refresh, redirect_uri=self.settings.runtime.redirect_uri)
        else:
            login, password = c.consumer_key, c.consumer_secret
            extra.update(token_id=c.token_id, token_secret=c.token_secret)
        extra.update(options)
        return {"conn_type": "netsuite", "host": base_url, "login": login, "password": password, "extra": extra}

    # -- controls ---------------------------------------------------------------------------------------------
    def advance_clock(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def update_settings(self, **changes: Any) -> dict[str, Any]:
        runtime = self.settings.runtime
        runtime.update(changes)
        if "fault_seed" in changes:
            self.governor.reseed()
        return runtime.as_dict()

    def expire_tokens(self, kind: str = "all") -> int:
        if kind not in ("access", "refresh", "all"):
            raise ValueError("kind must be 'access', 'refresh' or 'all'")
        return self.tokens.expire(kind, self.clock.timestamp())

    def issue_authorization_code_grant(self) -> dict[str, str]:
        """Tokens as if the partner had clicked Allow (for tests and the demo, without a browser)."""
        now = self.clock.timestamp()
        scopes = frozenset(SCOPES - {"suite_analytics"})
        return {
            "access_token": self.tokens.issue_access(AUTHORIZATION_CODE, scopes, now),
            "refresh_token": self.tokens.issue_refresh(scopes, now),
        }

    def stats_snapshot(self) -> dict[str, Any]:
        return self.stats.snapshot(self.governor.in_flight)

    def reset(self) -> None:
        """Back to the start: the generated data set, the clock, settings, tokens, stats and audit trail."""
        self.clock.reset()
        regenerate(self.db, self._spec(), self.clock.now_local())
        self.settings.runtime.update(self._initial_runtime.as_dict())
        self.governor.reseed()
        self.tokens.clear()
        self.stats.reset()
        self.audit.clear()

    def close(self) -> None:
        self.db.close()
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)

    def __enter__(self) -> NetSuiteSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
