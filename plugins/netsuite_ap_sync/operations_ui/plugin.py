"""The Airflow plugin: mounts the operations app on the api-server and adds its
pages to the UI's navigation (each shown inside the UI, under Browse).

Airflow finds it through the ``airflow.plugins`` entry point in pyproject.toml;
the plugins folder itself is ignored by the plugin manager (.airflowignore).
"""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from netsuite_ap_sync.operations_ui.app import PREFIX, create_app

PAGES = (
    ("Partners", "partners", "netsuite-partners"),
    ("Quarantine", "quarantine", "netsuite-quarantine"),
    ("Manual actions", "manual-actions", "netsuite-manual-actions"),
)


class OperationsUiPlugin(AirflowPlugin):
    name = "netsuite_ap_operations"
    fastapi_apps = [{"app": create_app(), "url_prefix": PREFIX, "name": "NetSuite ⇄ AP operations"}]
    external_views = [
        {"name": f"NetSuite {label}", "href": f"{PREFIX}/{path}", "url_route": route, "category": "browse"}
        for label, path, route in PAGES
    ]
