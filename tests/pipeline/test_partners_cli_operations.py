"""partners_cli's tables and actions: list, report, quarantine, manual-actions; one-line errors."""

from __future__ import annotations

import json

import pytest

from netsuite_ap_sync.tools import partners_cli
from netsuite_ap_sync.warehouse import quarantine, reports
from tests.operations_ui.conftest import seed


@pytest.fixture
def seeded(warehouse, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(warehouse.connection))
    seed(warehouse.engine)
    return warehouse.engine


def run(capsys, *argv) -> tuple[int, str, str]:
    code = partners_cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_is_a_table_with_headers(seeded, capsys):
    code, out, _ = run(capsys, "list")
    header, rule, *rows = out.splitlines()
    assert code == 0 and header.split() == ["partner", "status", "phase", "done", "left", "message"]
    assert set(rule) <= {"-", " "}
    assert rows[0].split()[:5] == ["acme", "pending", "history", "30", "70"] and "reading history" in rows[0]


def test_quarantine_lists_filters_and_retries_resolves_or_ignores_with_who(seeded, capsys):
    code, out, _ = run(capsys, "quarantine", "--partner", "acme", "--object", "customer")
    assert code == 0 and out.splitlines()[0].split()[:4] == ["id", "partner", "object", "record"]
    assert "gx:email_present" in out and "JPY" not in out
    entry = next(e for e in quarantine.listing(seeded) if e["source_id"] == "501")
    code, out, _ = run(capsys, "quarantine", "retry", "--id", str(entry["id"]), "--by", "sam", "--note", "fixed")
    assert code == 0 and "customer 501 of acme is tried again on its next run" in out
    assert quarantine.by_id(seeded, entry["id"])["action_by"] == "sam"
    assert run(capsys, "quarantine", "resolve", "--id", str(entry["id"]), "--by", "sam")[2] == (
        "error: say in a note why the record is closed\n"
    )
    code, out, _ = run(capsys, "quarantine", "ignore", "--id", str(entry["id"]), "--by", "sam", "--note", "test data")
    assert code == 0 and out == "customer 501 of acme: ignored by sam\n"
    assert "retry by sam" not in run(capsys, "quarantine", "list")[1]
    assert "ignored by sam" in run(capsys, "quarantine", "--closed")[1]


def test_manual_actions_lists_and_marks_done(seeded, capsys):
    code, out, _ = run(capsys, "manual-actions")
    assert code == 0 and "INV-7" in out and "S2" in out and "what to do" in out.splitlines()[0]
    action_id = reports.manual_action_listing(seeded)[0]["id"]
    code, out, _ = run(capsys, "manual-actions", "done", "--id", str(action_id), "--by", "sam")
    assert code == 0 and out == "[S2] payment pay_1 of acme: done\n"
    assert run(capsys, "manual-actions")[1] == "no open manual action\n"
    assert "done by sam" in run(capsys, "manual-actions", "--all")[1]


def test_report_is_a_table_of_the_partners_runs(seeded, capsys):
    code, out, _ = run(capsys, "report", "--partner", "acme")
    header, _rule, row = out.splitlines()
    assert code == 0 and header.split()[:4] == ["reported", "dag", "run", "object"]
    assert "netsuite_hourly_sync" in row and "scheduled__1" in row and " 12 " in row
    assert run(capsys, "report", "--partner", "zen")[1] == "no run has reported for zen yet\n"


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["report", "--partner", "nobody"], "error: no partner 'nobody' is registered; register it first\n"),
        (["quarantine", "retry", "--id", "999"], "error: no open quarantined record with id 999; "),
        (["manual-actions", "done", "--id", "999"], "error: no open manual action with id 999; "),
    ],
)
def test_a_mistake_is_one_line_without_a_traceback(seeded, capsys, argv, error):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.startswith(error) and len(err.splitlines()) == 1


def test_a_warehouse_connection_that_is_not_defined_is_one_line_naming_the_fix(monkeypatch, capsys):
    monkeypatch.delenv("AIRFLOW_CONN_NO_SUCH_WAREHOUSE", raising=False)
    code, out, err = run(capsys, "--warehouse-conn", "no_such_warehouse", "list")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "no_such_warehouse" in err and "AIRFLOW_CONN_NO_SUCH_WAREHOUSE" in err and "make partners" in err
