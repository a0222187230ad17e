"""Airflow connections as ``AIRFLOW_CONN_*`` variables of this process, which the task processes it
forks or starts inherit; put back as they were on ``restore``."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

WAREHOUSE_CONN_ID = "warehouse_default"


def variable(conn_id: str) -> str:
    return f"AIRFLOW_CONN_{conn_id.upper()}"


class AirflowConnections:
    """``setenv`` replaces how a variable is set (a test's ``monkeypatch.setenv``, which undoes it itself)."""

    def __init__(self, setenv: Callable[[str, str], None] | None = None) -> None:
        self.specs: dict[str, dict[str, Any]] = {}
        self._setenv = setenv or self._set_and_remember
        self._saved: dict[str, str | None] = {}

    def set(self, conn_id: str, spec: dict[str, Any]) -> str:
        self.specs[conn_id] = spec
        self._setenv(variable(conn_id), json.dumps(spec))
        return conn_id

    def env(self) -> dict[str, str]:
        """The variables set, for processes started with an environment of their own."""
        return {variable(conn_id): json.dumps(spec) for conn_id, spec in self.specs.items()}

    def _set_and_remember(self, name: str, value: str) -> None:
        self._saved.setdefault(name, os.environ.get(name))
        os.environ[name] = value

    def restore(self) -> None:
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved.clear()
