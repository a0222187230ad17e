"""Provider metadata: registers this project's connection types with Airflow.

Airflow discovers it through the ``apache_airflow_provider`` entry point in
pyproject.toml. The ``conn-fields`` give each connection its own form in the
Airflow 3 UI; secret fields are marked sensitive so the UI masks them. Each
hook declares its form once, in its ``form`` module.
"""

from __future__ import annotations


def get_provider_info() -> dict:
    from alternative_payments_hook.form import FORM as AP_FORM
    from netsuite_hook.form import FORM as NETSUITE_FORM

    return {
        "package-name": "netsuite-ap-sync",
        "name": "NetSuite to Alternative Payments",
        "description": "Hooks for Oracle NetSuite and Alternative Payments.",
        "versions": ["0.1.0"],
        "connection-types": [NETSUITE_FORM.provider_connection_type(), AP_FORM.provider_connection_type()],
    }
