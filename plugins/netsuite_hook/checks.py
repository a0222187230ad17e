"""C1: check the link to a partner's NetSuite before syncing.

Checks, in order: the connection is complete; the credentials work and the
auth method is enabled; REST web services answer; the bundle's RESTlet answers.
Each failure names the missing piece and what to enable in NetSuite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from netsuite_hook import features
from netsuite_hook.errors import (
    ConfigurationError,
    NetSuiteApiError,
    NetSuiteAuthError,
    NetSuiteConnectionError,
    NetSuiteError,
    NetSuitePermissionError,
    NetSuiteRateLimited,
    NetSuiteServerError,
    ReconnectRequired,
    UnreadableAnswer,
)
from netsuite_hook.settings import AUTHORIZATION_CODE, REQUIRED_FIELDS, TBA, NetSuiteSettings

CONFIGURATION = "configuration"
CREDENTIALS = "credentials"
REST_WEB_SERVICES = "rest_web_services"
RESTLET = "restlet"

_AUTH_FEATURE = {TBA: features.TBA}
# NetSuite unreachable, overloaded or cut off: the same check may pass a little later.
_TRANSIENT = (NetSuiteConnectionError, NetSuiteServerError, NetSuiteRateLimited, UnreadableAnswer)


@dataclass(frozen=True)
class LinkCheck:
    name: str
    ok: bool
    message: str
    checked: bool = True  # False: could not be checked because an earlier piece is missing
    transient: bool = False  # failed because NetSuite was unreachable or overloaded, not the account


@dataclass(frozen=True)
class LinkCheckResult:
    checks: list[LinkCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    @property
    def retry_may_pass(self) -> bool:
        """Some failure came from NetSuite being unreachable or overloaded: checking again may pass.
        Otherwise a person must act first (enable a feature, fix the credentials or the connection)."""
        return any(check.transient for check in self.failures())

    def failures(self) -> list[LinkCheck]:
        """The checks that failed (not those left unchecked behind them)."""
        return [check for check in self.checks if check.checked and not check.ok]

    def summary(self) -> str:
        if self.ok:
            return "NetSuite link OK: " + "; ".join(check.message for check in self.checks)
        text = "NetSuite link not ready: " + "; ".join(f"{c.name}: {c.message}" for c in self.failures())
        unchecked = [c.name for c in self.checks if not c.checked]
        return text + (f" (not checked yet: {', '.join(unchecked)})" if unchecked else "")

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [asdict(check) for check in self.checks]}


def _said(error: NetSuiteError) -> str:
    return f"NetSuite {error.brief()}" if isinstance(error, NetSuiteApiError) else str(error)


def _auth_feature(settings: NetSuiteSettings) -> features.Feature:
    return _AUTH_FEATURE.get(settings.auth_method, features.OAUTH2)


def describe_auth_failure(settings: NetSuiteSettings, error: NetSuiteError) -> str:
    if isinstance(error, ReconnectRequired | ConfigurationError):
        return str(error)
    feature = _auth_feature(settings)
    named = features.feature_named_in(error) if isinstance(error, NetSuiteApiError) else None
    if isinstance(error, NetSuiteApiError) and features.is_feature_disabled(error):
        feature = named or feature
        text = f"{feature.name} is not enabled ({_said(error)}); {feature.enable_hint()}"
        if feature is features.OAUTH2:
            text += (
                f" and allow {_grant_name(settings)} on the integration record "
                "(Setup > Integration > Manage Integrations)"
            )
        return text
    return (
        f"NetSuite refused the credentials ({_said(error)}). Check the {', '.join(_credential_fields(settings))} "
        f"and {feature.enable_hint()}; the integration record must allow "
        f"{_grant_name(settings)} and the role needs the 'REST Web Services' and "
        f"'{_login_permission(settings)}' permissions"
    )


def _login_permission(settings: NetSuiteSettings) -> str:
    if settings.auth_method == TBA:
        return "Log in using Access Tokens"
    return "Log in using OAuth 2.0 Access Tokens"


def _credential_fields(settings: NetSuiteSettings) -> tuple[str, ...]:
    return REQUIRED_FIELDS[settings.auth_method]


def _grant_name(settings: NetSuiteSettings) -> str:
    if settings.auth_method == TBA:
        return "Token-based Authentication"
    if settings.auth_method == AUTHORIZATION_CODE:
        return "the Authorization Code Grant"
    return "the Client Credentials (Machine to Machine) Grant"


def describe_rest_failure(error: NetSuiteError) -> str:
    if isinstance(error, NetSuiteApiError) and features.is_feature_disabled(error):
        feature = features.feature_named_in(error) or features.REST_WEB_SERVICES
        return f"{feature.name} is not enabled ({_said(error)}); {feature.enable_hint()}"
    if isinstance(error, NetSuitePermissionError):
        return (
            f"the integration role may not use REST web services ({_said(error)}); give the role the "
            "'REST Web Services' permission and 'Log in using Access Tokens' (TBA) or 'Log in using OAuth 2.0 "
            f"Access Tokens' (OAuth 2.0), and {features.REST_WEB_SERVICES.enable_hint()}"
        )
    return f"REST web services did not answer ({_said(error)}); {features.REST_WEB_SERVICES.enable_hint()}"


def describe_restlet_failure(settings: NetSuiteSettings, error: NetSuiteError) -> str:
    if isinstance(error, ConfigurationError):
        return str(error)
    if isinstance(error, NetSuiteApiError) and features.is_feature_disabled(error):
        feature = features.feature_named_in(error) or features.SERVER_SUITESCRIPT
        return f"{feature.name} is not enabled ({_said(error)}); {feature.enable_hint()}"
    return (
        f"the bundle's RESTlet did not answer at script={settings.restlet_script_id}, "
        f"deploy={settings.restlet_deploy_id} ({_said(error)}); install the integration bundle, set the "
        "deployment's status to Released with the integration role in its audience, and "
        f"{features.SERVER_SUITESCRIPT.enable_hint()}"
    )


@dataclass
class LinkProbe:
    """What the checks call; the client wires these to real requests."""

    settings: NetSuiteSettings
    authenticate: Callable[[], None]
    server_time: Callable[[], Any]
    restlet_ping: Callable[[], Any]


def check_link(probe: LinkProbe) -> LinkCheckResult:
    settings = probe.settings
    checks: list[LinkCheck] = []
    missing = settings.missing_fields()
    if missing:
        checks.append(LinkCheck(CONFIGURATION, False, f"the connection lacks {', '.join(missing)}"))
        return LinkCheckResult(checks + _not_checked(CREDENTIALS, REST_WEB_SERVICES, RESTLET))
    checks.append(LinkCheck(CONFIGURATION, True, f"auth method {settings.auth_method}"))

    if settings.auth_method != TBA:
        try:
            probe.authenticate()
        except NetSuiteError as error:
            checks.append(_failed(CREDENTIALS, describe_auth_failure(settings, error), error))
            return LinkCheckResult(checks + _not_checked(REST_WEB_SERVICES, RESTLET))

    try:
        probe.server_time()
    except NetSuiteAuthError as error:
        if settings.auth_method == TBA:
            checks.append(_failed(CREDENTIALS, describe_auth_failure(settings, error), error))
            return LinkCheckResult(checks + _not_checked(REST_WEB_SERVICES, RESTLET))
        checks.append(LinkCheck(CREDENTIALS, True, "access token issued"))
        checks.append(_failed(REST_WEB_SERVICES, describe_rest_failure(error), error))
        return LinkCheckResult(checks + _not_checked(RESTLET))
    except NetSuiteError as error:
        if settings.auth_method == TBA:
            checks.extend(_not_checked(CREDENTIALS, reason="TBA credentials are verified by REST web services"))
        else:
            checks.append(LinkCheck(CREDENTIALS, True, "access token issued"))
        checks.append(_failed(REST_WEB_SERVICES, describe_rest_failure(error), error))
        return LinkCheckResult(checks + _not_checked(RESTLET))
    checks.append(LinkCheck(CREDENTIALS, True, f"credentials accepted ({settings.auth_method})"))
    checks.append(LinkCheck(REST_WEB_SERVICES, True, "REST web services answer"))

    try:
        probe.restlet_ping()
    except NetSuiteError as error:
        checks.append(_failed(RESTLET, describe_restlet_failure(settings, error), error))
    else:
        checks.append(LinkCheck(RESTLET, True, "the bundle's RESTlet answers"))
    return LinkCheckResult(checks)


def _failed(name: str, message: str, error: NetSuiteError) -> LinkCheck:
    return LinkCheck(name, False, message, transient=isinstance(error, _TRANSIENT))


def _not_checked(*names: str, reason: str = "an earlier check failed") -> list[LinkCheck]:
    return [LinkCheck(name, False, f"not checked: {reason}", checked=False) for name in names]
