"""NetSuite hosts derived from the account id, or one base URL that overrides them all."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from netsuite_hook.errors import ConfigurationError, InsecureTransportRefused

_ACCOUNT_ID = re.compile(r"^[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$")

REST_PREFIX = "/services/rest"
TOKEN_PATH = f"{REST_PREFIX}/auth/oauth2/v1/token"
AUTHORIZE_PATH = "/app/login/oauth2/authorize.nl"
RESTLET_PATH = "/app/site/hosting/restlet.nl"


def validate_account_id(account_id: str) -> str:
    account_id = (account_id or "").strip()
    if not _ACCOUNT_ID.match(account_id):
        raise ConfigurationError("account_id must look like '1234567' or '1234567_SB1' (letters, digits, '_' or '-')")
    return account_id


def host_label(account_id: str) -> str:
    """The account id as NetSuite spells it in host names: lower case, '_' -> '-'."""
    return validate_account_id(account_id).lower().replace("_", "-")


def realm(account_id: str) -> str:
    """The account id as the TBA realm: upper case with '_'."""
    return validate_account_id(account_id).upper().replace("-", "_")


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def require_secure(url: str) -> str:
    """Accept https, and plain http only for a loopback host (a local sandbox)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return url
    if parts.scheme == "http":
        raise InsecureTransportRefused(
            f"refusing plain HTTP to {parts.hostname!r}: NetSuite credentials may only travel over "
            "https (http is allowed for loopback hosts such as 127.0.0.1 only)"
        )
    raise ConfigurationError(f"base URL must start with https:// (got scheme {parts.scheme!r})")


def normalise_base_url(host: str, port: int | None = None) -> str:
    """Turn the connection's host (with or without scheme) into a checked base URL."""
    host = host.strip().rstrip("/")
    if "://" not in host:
        host = f"https://{host}"
    parts = urlsplit(host)
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigurationError("host override must be a bare base URL such as https://example.test:8443")
    if port and not parts.port:
        host = f"{host}:{port}"
    return require_secure(host)


@dataclass(frozen=True)
class NetSuiteUrls:
    """Base URLs of the three NetSuite services one account uses."""

    rest: str
    restlet: str
    app: str

    @classmethod
    def for_account(cls, account_id: str, override: str | None = None) -> NetSuiteUrls:
        if override:
            return cls(rest=override, restlet=override, app=override)
        label = host_label(account_id)
        return cls(
            rest=f"https://{label}.suitetalk.api.netsuite.com",
            restlet=f"https://{label}.restlets.api.netsuite.com",
            app=f"https://{label}.app.netsuite.com",
        )

    @property
    def token(self) -> str:
        return f"{self.rest}{TOKEN_PATH}"

    @property
    def authorize(self) -> str:
        return f"{self.app}{AUTHORIZE_PATH}"

    @property
    def restlet_endpoint(self) -> str:
        return f"{self.restlet}{RESTLET_PATH}"

    def rest_url(self, path: str) -> str:
        """``path`` below /services/rest, e.g. ``record/v1/invoice/5``."""
        return f"{self.rest}{REST_PREFIX}/{path.lstrip('/')}"
