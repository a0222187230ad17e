"""Provider metadata: registers this project's connection types with Airflow.

Airflow discovers it through the ``apache_airflow_provider`` entry point in
pyproject.toml. The ``conn-fields`` give each connection its own form in the
Airflow 3 UI; secret fields are marked sensitive so the UI masks them.
"""

from __future__ import annotations

AP_CONNECTION = {
    "connection-type": "alternative_payments",
    "hook-class-name": "alternative_payments_hook.hook.AlternativePaymentsHook",
    "hook-name": "Alternative Payments",
    "conn-fields": {
        "rate_limit_per_second": {
            "label": "Rate limit (requests per second)",
            "description": "Requests per second this API key may send; AP allows 5.",
            "schema": {"type": ["integer", "null"], "default": 5, "minimum": 1},
        },
    },
    "ui-field-behaviour": {
        "hidden-fields": ["schema", "port"],
        "relabeling": {"host": "Base URL", "login": "Client ID", "password": "Client Secret"},
        "placeholders": {
            "host": "https://public-api.alternativepayments.io (empty = production)",
            "login": "API client id from the AP dashboard",
            "password": "API client secret",
        },
    },
}


def get_provider_info() -> dict:
    from netsuite_hook.form import provider_connection_type

    return {
        "package-name": "netsuite-ap-sync",
        "name": "NetSuite to Alternative Payments",
        "description": "Hooks for Oracle NetSuite and Alternative Payments.",
        "versions": ["0.1.0"],
        "connection-types": [provider_connection_type(), AP_CONNECTION],
    }
