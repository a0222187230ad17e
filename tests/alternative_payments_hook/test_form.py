"""The connection form, declared once: provider info, field behaviour and legacy widgets agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import airflow

from alternative_payments_hook import AlternativePaymentsHook
from alternative_payments_hook.form import CONN_FIELDS, FORM
from tests.hook_support.recording_widgets import RecordingFactory

AIRFLOW_DIR = Path(airflow.__file__).parent
REPO = Path(__file__).resolve().parents[2]


def test_legacy_widgets_are_built_from_the_same_table():
    widgets = FORM.build_widgets(RecordingFactory())
    assert widgets == {
        "rate_limit_per_second": ("integer", "Rate limit (requests per second)", 5, 1),
        "webhook_secret": ("password", "Webhook secret"),
    }
    legacy = AlternativePaymentsHook.get_connection_form_widgets()
    assert legacy == {} or set(legacy) == set(CONN_FIELDS)


def test_the_only_secret_extra_is_the_webhook_secret():
    # Extras unknown to HttpHook become HTTP headers; the client secret belongs in the password field.
    # The webhook secret is an extra only the receiver reads (see test_connection for headers).
    assert FORM.secret_fields == ("webhook_secret",)
    assert "password" not in FORM.hidden_fields


def test_the_provider_info_loads_neither_airflow_nor_the_hook():
    # Airflow reads the provider info while starting up; importing Airflow from it would be circular.
    heavy = ("airflow", "alternative_payments_hook.hook", "netsuite_hook.hook")
    code = (
        "import sys, netsuite_ap_provider; netsuite_ap_provider.get_provider_info(); "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PYTHONPATH": f"{REPO}:{REPO / 'plugins'}", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "[]"
