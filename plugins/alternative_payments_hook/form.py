"""The Alternative Payments connection form in the Airflow UI, declared once (``hook_support.connection_form``).

The API secret goes in the password field. The custom fields are connection extras, and
``HttpHook`` sends extras it does not know as HTTP headers; this hook's ``get_conn`` sends
none, which is what lets the one secret extra, ``webhook_secret``, live there: it is read
only by the webhook receiver, never by the hook.
"""

from __future__ import annotations

from alternative_payments_hook.defaults import CONN_TYPE, DEFAULT_RATE_LIMIT, PRODUCTION_URL
from hook_support.connection_form import ConnectionForm, conn_field

CONN_FIELDS: dict[str, dict] = {
    "rate_limit_per_second": conn_field(
        "Rate limit (requests per second)",
        "integer",
        description="Requests per second this API key may send; AP allows 5.",
        default=int(DEFAULT_RATE_LIMIT),
        minimum=1,
    ),
    "webhook_secret": conn_field(
        "Webhook secret",
        description="The secret_key of this partner's AP webhook subscriptions; AP sends it as a bearer token.",
        format="password",
    ),
}

FORM = ConnectionForm(
    conn_type=CONN_TYPE,
    hook_class_name="alternative_payments_hook.hook.AlternativePaymentsHook",
    hook_name="Alternative Payments",
    conn_fields=CONN_FIELDS,
    hidden_fields=["schema", "port"],
    relabeling={"host": "Base URL", "login": "Client ID", "password": "Client Secret"},
    placeholders={
        "host": f"{PRODUCTION_URL} (empty = production)",
        "login": "API client id from the AP dashboard",
        "password": "API client secret",
        "extra": '{"rate_limit_per_second": 5}  (non-secret settings only)',
        "rate_limit_per_second": str(int(DEFAULT_RATE_LIMIT)),
        "webhook_secret": "the secret_key given to POST /webhooks",
    },
)
