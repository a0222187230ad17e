"""NetSuite features a partner must enable, and how to recognise one in an error."""

from __future__ import annotations

from dataclasses import dataclass

from netsuite_hook.errors import NetSuiteApiError

_FEATURES_PAGE = "Setup > Company > Enable Features > SuiteCloud"


@dataclass(frozen=True)
class Feature:
    name: str
    where: str
    keywords: tuple[str, ...]

    def enable_hint(self) -> str:
        return f"enable {self.name} in NetSuite ({self.where})"


REST_WEB_SERVICES = Feature(
    "REST Web Services",
    f"{_FEATURES_PAGE} > SuiteTalk (Web Services) > REST Web Services",
    ("rest web services", "rest_webservices", "restwebservices", "rest web service"),
)
OAUTH2 = Feature(
    "OAuth 2.0",
    f"{_FEATURES_PAGE} > Manage Authentication > OAuth 2.0",
    ("oauth 2.0", "oauth2", "oauth 2"),
)
TBA = Feature(
    "Token-based Authentication",
    f"{_FEATURES_PAGE} > Manage Authentication > Token-Based Authentication",
    ("token-based", "token based", "tokenbased", "tba"),
)
SERVER_SUITESCRIPT = Feature(
    "Server SuiteScript",
    f"{_FEATURES_PAGE} > SuiteScript > Server SuiteScript",
    ("server suitescript", "serversuitescript", "suitescript", "server_suitescript"),
)
ALL = (REST_WEB_SERVICES, OAUTH2, TBA, SERVER_SUITESCRIPT)


def feature_named_in(error: NetSuiteApiError) -> Feature | None:
    """The feature an error's text names, if any."""
    text = (
        " ".join(part for d in error.details for part in (d.code, d.detail) if part).lower()
        + f" {error.title or ''}".lower()
    )
    for feature in ALL:
        if any(keyword in text for keyword in feature.keywords):
            return feature
    return None


def is_feature_disabled(error: NetSuiteApiError) -> bool:
    codes = {(d.code or "").upper() for d in error.details}
    detail = (error.detail or "").lower()
    return "FEATURE_DISABLED" in codes or ("feature" in detail and ("not enabled" in detail or "disabled" in detail))
