"""The warehouse: partners, staging, id map, ledger, quarantine and reports.

SQLite is the embedded default, PostgreSQL the production choice; both are
reached through the Airflow connection ``warehouse_default``.
"""

from netsuite_ap_sync.warehouse.engine import DEFAULT_CONN_ID, engine_for, url_from_connection
from netsuite_ap_sync.warehouse.migrations import applied_versions, migrate
from netsuite_ap_sync.warehouse.sql import load_sql

__all__ = [
    "DEFAULT_CONN_ID",
    "applied_versions",
    "engine_for",
    "load_sql",
    "migrate",
    "url_from_connection",
]
