"""Provider metadata: registers this project's connection types with Airflow.

Airflow discovers it through the ``apache_airflow_provider`` entry point in
pyproject.toml, which gives both connections their own forms in the UI.
"""


def get_provider_info() -> dict:
    return {
        "package-name": "netsuite-ap-sync",
        "name": "NetSuite to Alternative Payments",
        "description": "Hooks for Oracle NetSuite and Alternative Payments.",
        "versions": ["0.1.0"],
        "connection-types": [
            {"connection-type": "netsuite", "hook-class-name": "netsuite_hook.hook.NetSuiteHook"},
            {
                "connection-type": "alternative_payments",
                "hook-class-name": "alternative_payments_hook.hook.AlternativePaymentsHook",
            },
        ],
    }
