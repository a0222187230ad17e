"""The NetSuite connection form in the Airflow UI.

``CONN_FIELDS`` and ``UI_FIELD_BEHAVIOUR`` are Airflow's declarative format
(provider info ``conn-fields`` / ``ui-field-behaviour``, read by the Airflow 3
UI without importing the hook). The same table builds the legacy wtforms widgets
for ``get_connection_form_widgets()`` where wtforms is installed.
"""

from __future__ import annotations

from typing import Any, Protocol

from netsuite_hook.settings import AUTH_METHOD_LABELS, CLIENT_CREDENTIALS, DEFAULT_CONCURRENCY_LIMIT

_CC = "OAuth 2.0 client credentials"
_AC = "OAuth 2.0 authorization code"


def _field(label: str, kind: str = "string", description: str | None = None, **schema: Any) -> dict:
    field: dict[str, Any] = {"label": label, "schema": {"type": [kind, "null"], **schema}}
    if description:
        field["description"] = description
    return field


CONN_FIELDS: dict[str, dict] = {
    "account_id": _field("Account ID", description="As in NetSuite, e.g. 1234567 or 1234567_SB1 (sandbox)."),
    "auth_method": _field(
        "Auth method",
        description="; ".join(f"{key}: {label}" for key, label in AUTH_METHOD_LABELS.items()),
        enum=list(AUTH_METHOD_LABELS),
        default=CLIENT_CREDENTIALS,
    ),
    "certificate_id": _field("Certificate ID", description=f"{_CC}: the certificate id from the M2M setup."),
    "private_key": _field(
        "Private key (PEM)", description=f"{_CC}: the key whose certificate was uploaded.", format="password"
    ),
    "refresh_token": _field(
        "Refresh token",
        description=f"{_AC}: filled in by `python -m netsuite_hook.authorize --conn-id ...`.",
        format="password",
    ),
    "redirect_uri": _field("Redirect URI", description=f"{_AC}: as registered on the integration record."),
    "token_id": _field("Token ID", description="TBA: the access token id.", format="password"),
    "token_secret": _field("Token secret", description="TBA: the access token secret.", format="password"),
    "restlet_script_id": _field("RESTlet script ID", description="The bundle's PDF RESTlet (invoice PDFs)."),
    "restlet_deploy_id": _field("RESTlet deployment ID", description="The RESTlet's deployment id."),
    "concurrency_limit": _field(
        "Concurrency limit",
        "integer",
        description="Requests in flight at once for this account (5 Standard, 15 Premium, 20 Enterprise).",
        default=DEFAULT_CONCURRENCY_LIMIT,
        minimum=1,
    ),
}

SECRET_FIELDS = tuple(name for name, spec in CONN_FIELDS.items() if spec["schema"].get("format") == "password")

UI_FIELD_BEHAVIOUR: dict[str, Any] = {
    "hidden_fields": ["schema", "port", "extra"],
    "relabeling": {
        "host": "Base URL override (optional)",
        "login": "Client ID / consumer key",
        "password": "Client secret / consumer secret",
    },
    "placeholders": {
        "host": "empty for NetSuite itself; http://127.0.0.1:8001 for a local sandbox",
        "login": "from the NetSuite integration record",
        "password": "authorization code: client secret; TBA: consumer secret; client credentials: empty",
        "account_id": "1234567_SB1",
        "certificate_id": "from Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup",
        "redirect_uri": "http://127.0.0.1:8765/callback",
        "restlet_script_id": "customscript_ap_invoice_pdf",
        "restlet_deploy_id": "customdeploy_ap_invoice_pdf",
    },
}


class WidgetFactory(Protocol):
    def text(self, label: str, description: str, default: Any, choices: list[str] | None) -> Any: ...

    def password(self, label: str, description: str) -> Any: ...

    def integer(self, label: str, description: str, default: Any, minimum: int | None) -> Any: ...


def build_widgets(factory: WidgetFactory) -> dict[str, Any]:
    """Legacy form widgets, one per entry of CONN_FIELDS."""
    widgets = {}
    for name, spec in CONN_FIELDS.items():
        schema, description = spec["schema"], spec.get("description", "")
        if schema.get("format") == "password":
            widgets[name] = factory.password(spec["label"], description)
        elif "integer" in schema["type"]:
            widgets[name] = factory.integer(spec["label"], description, schema.get("default"), schema.get("minimum"))
        else:
            widgets[name] = factory.text(spec["label"], description, schema.get("default"), schema.get("enum"))
    return widgets


class WtformsFactory:
    """wtforms fields with flask-appbuilder widgets (imports fail where wtforms is absent)."""

    def __init__(self) -> None:
        from flask_appbuilder.fieldwidgets import BS3PasswordFieldWidget, BS3TextFieldWidget
        from flask_babel import lazy_gettext
        from wtforms import IntegerField, PasswordField, StringField
        from wtforms.validators import AnyOf, NumberRange, Optional

        self._text_widget, self._password_widget = BS3TextFieldWidget, BS3PasswordFieldWidget
        self._gettext = lazy_gettext
        self._fields = (StringField, PasswordField, IntegerField)
        self._validators = (AnyOf, NumberRange, Optional)

    def text(self, label: str, description: str, default: Any, choices: list[str] | None) -> Any:
        any_of, _, optional = self._validators
        validators = [optional(), any_of(choices)] if choices else []
        return self._fields[0](
            self._gettext(label),
            widget=self._text_widget(),
            description=description,
            default=default,
            validators=validators,
        )

    def password(self, label: str, description: str) -> Any:
        return self._fields[1](self._gettext(label), widget=self._password_widget(), description=description)

    def integer(self, label: str, description: str, default: Any, minimum: int | None) -> Any:
        _, number_range, optional = self._validators
        return self._fields[2](
            self._gettext(label),
            widget=self._text_widget(),
            description=description,
            default=default,
            validators=[optional(), number_range(min=minimum)],
        )


def connection_form_widgets() -> dict[str, Any]:
    try:
        factory = WtformsFactory()
    except ImportError:
        # Airflow 3 reads CONN_FIELDS from the provider info; the legacy form needs wtforms.
        return {}
    return build_widgets(factory)


def provider_connection_type() -> dict[str, Any]:
    """This connection type as a provider-info ``connection-types`` entry (Airflow 3 form metadata)."""
    return {
        "connection-type": "netsuite",
        "hook-class-name": "netsuite_hook.hook.NetSuiteHook",
        "hook-name": "NetSuite",
        "conn-fields": CONN_FIELDS,
        "ui-field-behaviour": {
            "hidden-fields": UI_FIELD_BEHAVIOUR["hidden_fields"],
            "relabeling": UI_FIELD_BEHAVIOUR["relabeling"],
            "placeholders": UI_FIELD_BEHAVIOUR["placeholders"],
        },
    }
