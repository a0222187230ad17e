"""Tests marked slow run only when asked for: ``-m slow`` (or NETSUITE_SANDBOX_SLOW=1)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _skip_slow_unless_selected(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("slow") is None:
        return
    expression = request.config.getoption("markexpr") or ""
    selected = "slow" in expression and "not slow" not in expression
    if not selected and os.environ.get("NETSUITE_SANDBOX_SLOW") != "1":
        pytest.skip("slow benchmark-sized test; run with -m slow")
