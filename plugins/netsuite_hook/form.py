"""The NetSuite connection form in the Airflow UI, declared once (``hook_support.connection_form``)."""

from __future__ import annotations

from hook_support.connection_form import ConnectionForm, conn_field
from netsuite_hook.settings import AUTH_METHOD_LABELS, CLIENT_CREDENTIALS, DEFAULT_CONCURRENCY_LIMIT

_CC = "OAuth 2.0 client credentials"
_AC = "OAuth 2.0 authorization code"


CONN_FIELDS: dict[str, dict] = {
    "account_id": conn_field("Account ID", description="As in NetSuite, e.g. 1234567 or 1234567_SB1 (sandbox)."),
    "auth_method": conn_field(
        "Auth method",
        description="; ".join(f"{key}: {label}" for key, label in AUTH_METHOD_LABELS.items()),
        enum=list(AUTH_METHOD_LABELS),
        default=CLIENT_CREDENTIALS,
    ),
    "certificate_id": conn_field("Certificate ID", description=f"{_CC}: the certificate id from the M2M setup."),
    "private_key": conn_field(
        "Private key (PEM)", description=f"{_CC}: the key whose certificate was uploaded.", format="password"
    ),
    "refresh_token": conn_field(
        "Refresh token",
        description=f"{_AC}: filled in by `python -m netsuite_hook.authorize --conn-id ...`.",
        format="password",
    ),
    "redirect_uri": conn_field("Redirect URI", description=f"{_AC}: as registered on the integration record."),
    "token_id": conn_field("Token ID", description="TBA: the access token id.", format="password"),
    "token_secret": conn_field("Token secret", description="TBA: the access token secret.", format="password"),
    "restlet_script_id": conn_field("RESTlet script ID", description="The bundle's PDF RESTlet (invoice PDFs)."),
    "restlet_deploy_id": conn_field("RESTlet deployment ID", description="The RESTlet's deployment id."),
    "concurrency_limit": conn_field(
        "Concurrency limit",
        "integer",
        description="Requests in flight at once for this account (5 Standard, 15 Premium, 20 Enterprise).",
        default=DEFAULT_CONCURRENCY_LIMIT,
        minimum=1,
    ),
}

FORM = ConnectionForm(
    conn_type="netsuite",
    hook_class_name="netsuite_hook.hook.NetSuiteHook",
    hook_name="NetSuite",
    conn_fields=CONN_FIELDS,
    hidden_fields=["schema", "port", "extra"],
    relabeling={
        "host": "Base URL override (optional)",
        "login": "Client ID / consumer key",
        "password": "Client secret / consumer secret",
    },
    placeholders={
        "host": "empty for NetSuite itself; http://127.0.0.1:8001 for a local sandbox",
        "login": "from the NetSuite integration record",
        "password": "authorization code: client secret; TBA: consumer secret; client credentials: empty",
        "account_id": "1234567_SB1",
        "certificate_id": "from Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup",
        "redirect_uri": "http://127.0.0.1:8765/callback",
        "restlet_script_id": "customscript_ap_invoice_pdf",
        "restlet_deploy_id": "customdeploy_ap_invoice_pdf",
    },
)
# What the hook, the provider info and callers read of the form.
SECRET_FIELDS = FORM.secret_fields
UI_FIELD_BEHAVIOUR = FORM.ui_field_behaviour
build_widgets = FORM.build_widgets
connection_form_widgets = FORM.connection_form_widgets
provider_connection_type = FORM.provider_connection_type
