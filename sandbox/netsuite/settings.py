"""Settings of one sandbox NetSuite account: fixed at start-up, or changeable at run time."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from sandbox.start_time import SANDBOX_NOW

# Feature switches, named as in Setup > Company > Enable Features (plus the bundle's RESTlet).
FEATURES = {
    "rest_web_services": "REST Web Services",
    "tba": "Token-based Authentication",
    "oauth2_client_credentials": "OAuth 2.0 Client Credentials (Machine to Machine) Grant",
    "oauth2_authorization_code": "OAuth 2.0 Authorization Code Grant",
    "server_suitescript": "Server SuiteScript",
    "restlet": "Alternative Payments bundle RESTlet",
}


def all_features_on() -> dict[str, bool]:
    return dict.fromkeys(FEATURES, True)


@dataclass
class RuntimeSettings:
    """What POST /_sandbox/settings may change while the server runs."""

    concurrency_limit: int = 5
    latency_seconds: float = 0.0
    latency_jitter_seconds: float = 0.0
    error_rate: float = 0.0  # injected 500 UNEXPECTED_ERROR
    throttle_rate: float = 0.0  # injected 429 (or the RESTlet's SSS_REQUEST_LIMIT_EXCEEDED)
    drop_rate: float = 0.0  # connection closed without an answer
    truncate_rate: float = 0.0  # headers and part of the body, then the connection closes
    slow_rate: float = 0.0
    slow_seconds: float = 2.0
    fault_seed: int = 0
    oauth2_auto_approve: bool = False
    # "sandbox": TBA timestamps and JWT iat/exp are checked against the machine clock moved by the
    # sandbox clock's offset; "wall": against the machine clock (for tests that move the clock and
    # keep signing requests).
    auth_clock: str = "sandbox"
    # The integration record's redirect URI for the authorization code grant.
    redirect_uri: str = "http://127.0.0.1:8765/netsuite/oauth2/callback"
    features: dict[str, bool] = field(default_factory=all_features_on)

    def update(self, changes: dict[str, Any]) -> None:
        """Apply a partial update; unknown names and bad values raise ValueError."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        merged = asdict(self)
        for name, value in changes.items():
            if name == "features":
                merged["features"] = {**self.features, **_checked_features(value)}
            else:
                merged[name] = value
        candidate = RuntimeSettings(**merged)
        candidate.validate()
        for f in fields(self):
            setattr(self, f.name, getattr(candidate, f.name))

    def validate(self) -> None:
        if not isinstance(self.concurrency_limit, int) or self.concurrency_limit < 1:
            raise ValueError("concurrency_limit must be a positive integer")
        for name in ("error_rate", "throttle_rate", "drop_rate", "truncate_rate", "slow_rate"):
            rate = getattr(self, name)
            if not isinstance(rate, int | float) or not 0 <= rate <= 1:
                raise ValueError(f"{name} must be between 0 and 1")
        for name in ("latency_seconds", "latency_jitter_seconds", "slow_seconds"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{name} must be a non-negative number")
        if self.auth_clock not in ("sandbox", "wall"):
            raise ValueError("auth_clock must be 'sandbox' or 'wall'")
        if not isinstance(self.redirect_uri, str) or not self.redirect_uri.startswith(("http://", "https://")):
            raise ValueError("redirect_uri must be an http(s) URL")
        if not isinstance(self.oauth2_auto_approve, bool):
            raise ValueError("oauth2_auto_approve must be true or false")
        _checked_features(self.features)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _checked_features(value: Any) -> dict[str, bool]:
    if not isinstance(value, dict):
        raise ValueError("features must be an object of feature name -> true/false")
    unknown = set(value) - set(FEATURES)
    if unknown:
        raise ValueError(f"unknown features: {sorted(unknown)}; known: {sorted(FEATURES)}")
    if not all(isinstance(v, bool) for v in value.values()):
        raise ValueError("feature switches must be true or false")
    return dict(value)


@dataclass
class NetSuiteSettings:
    """Everything that shapes one sandbox account. Data-set fields only matter at start-up."""

    account_id: str = "1234567_SB1"
    seed: int = 42
    customers: int = 25
    invoices: int = 200
    years: float = 3.0
    time_zone: str = "America/Los_Angeles"
    now: datetime = SANDBOX_NOW  # the clock's start; the data set's history ends on its day
    db_path: str | None = None  # keep/reuse the generated data set here; None: a temporary file
    restlet_script_id: str = "customscript_ap_invoice_pdf"
    restlet_deploy_id: str = "customdeploy_ap_invoice_pdf"
    runtime: RuntimeSettings = field(default_factory=RuntimeSettings)

    @classmethod
    def from_options(cls, **options: Any) -> NetSuiteSettings:
        """Build from flat keyword options; runtime ones (latency, rates, ...) go to ``runtime``."""
        own = {f.name for f in fields(cls)} - {"runtime"}
        runtime_names = {f.name for f in fields(RuntimeSettings)}
        unknown = set(options) - own - runtime_names - {"runtime"}
        if unknown:
            raise TypeError(f"unknown NetSuite sandbox settings: {sorted(unknown)}")
        runtime = options.pop("runtime", None) or RuntimeSettings()
        runtime_changes = {k: options.pop(k) for k in list(options) if k in runtime_names}
        runtime.update(runtime_changes)
        settings = cls(runtime=runtime, **options)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.customers < 1:
            raise ValueError("customers must be at least 1")
        if self.invoices < 0:
            raise ValueError("invoices must not be negative")
        if self.years <= 0:
            raise ValueError("years must be positive")
        if not isinstance(self.now, datetime) or self.now.tzinfo is None:
            raise ValueError("now must be a datetime with a time zone")
        self.runtime.validate()

    def data_set_key(self) -> dict[str, Any]:
        """The fields that decide the generated data (a reused --db must match them)."""
        return {
            "seed": self.seed,
            "customers": self.customers,
            "invoices": self.invoices,
            "years": self.years,
            "time_zone": self.time_zone,
            "now": self.now.isoformat(),
            "account_id": self.account_id,
        }
