"""Airflow mounts the receiver on its api-server under /webhooks, found through the entry point."""

from __future__ import annotations

from importlib.metadata import entry_points


def test_the_plugin_is_registered_and_mounts_the_receiver_under_webhooks():
    (found,) = [e for e in entry_points(group="airflow.plugins") if e.name == "webhooks"]
    plugin = found.load()
    (app,) = plugin.fastapi_apps
    assert app["url_prefix"] == "/webhooks"
    assert [route.path for route in app["app"].routes] == ["/ap/{partner_id}"]
