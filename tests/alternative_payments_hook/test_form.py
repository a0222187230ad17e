"""The connection form, declared once: provider info, field behaviour and legacy widgets agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import airflow
import jsonschema

from alternative_payments_hook import AlternativePaymentsHook
from alternative_payments_hook.form import CONN_FIELDS, FORM

AIRFLOW_DIR = Path(airflow.__file__).parent
REPO = Path(__file__).resolve().parents[2]


class RecordingFactory:
    def text(self, label, description, default, choices):
        return ("text", label, default, choices)

    def password(self, label, description):
        return ("password", label)

    def integer(self, label, description, default, minimum):
        return ("integer", label, default, minimum)


def test_provider_entry_and_field_behaviour_come_from_the_one_table():
    entry = FORM.provider_connection_type()
    assert entry["conn-fields"] is CONN_FIELDS
    assert entry["hook-class-name"] == "alternative_payments_hook.hook.AlternativePaymentsHook"
    behaviour = AlternativePaymentsHook.get_ui_field_behaviour()
    assert entry["ui-field-behaviour"] == {
        "hidden-fields": behaviour["hidden_fields"],
        "relabeling": behaviour["relabeling"],
        "placeholders": behaviour["placeholders"],
    }
    schema = json.loads((AIRFLOW_DIR / "customized_form_field_behaviours.schema.json").read_text())
    jsonschema.validate(behaviour, schema)


def test_legacy_widgets_are_built_from_the_same_table():
    widgets = FORM.build_widgets(RecordingFactory())
    assert widgets == {"rate_limit_per_second": ("integer", "Rate limit (requests per second)", 5, 1)}
    legacy = AlternativePaymentsHook.get_connection_form_widgets()
    assert legacy == {} or set(legacy) == set(CONN_FIELDS)


def test_no_secret_is_asked_for_in_an_extra():
    # Extras unknown to HttpHook become HTTP headers; the client secret belongs in the password field.
    assert FORM.secret_fields == ()
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
