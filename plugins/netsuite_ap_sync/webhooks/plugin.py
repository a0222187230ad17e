"""The Airflow plugin: mounts the AP webhook receiver on the api-server under ``/webhooks``.

Airflow finds it through the ``airflow.plugins`` entry point in pyproject.toml. The route
does its own authentication (the partner's bearer secret): AP has no Airflow login.
"""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from netsuite_ap_sync.webhooks.receiver import PREFIX, create_app


class WebhooksPlugin(AirflowPlugin):
    name = "netsuite_ap_webhooks"
    fastapi_apps = [{"app": create_app(), "url_prefix": PREFIX, "name": "AP webhook receiver"}]
