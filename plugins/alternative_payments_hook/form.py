"""The Alternative Payments connection form in the Airflow UI, declared once (``hook_support.connection_form``).

Secrets go in the password field only, never in a custom field: the custom fields are
connection extras, and ``HttpHook`` sends extras it does not know as HTTP headers.
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
    },
)
