"""The demo scenario, smaller, through Airflow itself: it must end `reconciled: OK`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_reconciles_through_airflow(airflow_db, tmp_path):
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'plugins'}"}
    # As `make demo` runs it: the warehouse is the one `make up` and partners_cli use.
    warehouse_db = tmp_path / "shared" / "warehouse.db"
    command = [sys.executable, "-m", "demo", "--customers", "30", "--invoices", "300", "--work-dir", str(tmp_path)]
    result = subprocess.run(
        [*command, "--warehouse-db", str(warehouse_db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    assert "reconciled: OK" in result.stdout.splitlines()
    for shown in ("status pending, phase last_12_months", "status connected, phase done", "[S2] Revert by hand"):
        assert shown in output, shown
    # R4: refunded while manual, listed by hand; refunded and charged back once automatic, booked in NetSuite.
    moved = output[output.index("What moved") : output.index("Held (waiting")]
    assert "create_customer_refund" in moved and "create_credit_memo" in moved, moved
    people = output[output.index("For a person to do") :]
    assert people.count("[S2] Revert by hand") == 2 and "was refunded after it was posted" in people, people
    # Registration subscribed the partner; one payment went AP -> webhook -> trigger -> event DAG -> NetSuite.
    from netsuite_ap_sync.webhooks.subscriptions import TOPICS

    assert f"AP webhooks: {len(TOPICS)} subscriptions of the demo partner's endpoint" in output
    assert re.search(r"payment \S+ posted by webhook in \d+\.\d s \(queued by the receiver after", output), output[
        -3000:
    ]
    quarantines = output[output.index("Quarantined, with the reason") : output.index("For a person to do")]
    for shown in (
        "customer: F1:has_email",  # the client added without an email ...
        "has no email in NetSuite; add one",  # ... with what to do, which its invoice names too
        "invoice: F2:create_invoice_rejected",  # the invoice AP refused, with AP's own message
        "is archived",
        "is not supported by Alternative Payments",  # invoices in currencies AP does not take
    ):
        assert shown in quarantines, f"{shown!r} not in {quarantines}"
    report = (tmp_path / "report.html").read_text()
    assert "reconciled: OK" in report and "<svg" in report
    # The run that listed the S2 revert says so in its log, naming it.
    payments_logs = "".join(p.read_text() for p in (tmp_path / "logs").glob("netsuite_payments_sync-*.log"))
    assert "manual action S2 on payment" in payments_logs

    cli_env = {**env, "AIRFLOW_CONN_WAREHOUSE_DEFAULT": json.dumps({"conn_type": "sqlite", "host": str(warehouse_db)})}
    for argv, shown in ((["list"], "demo"), (["manual-actions"], "S2")):
        listed = subprocess.run(
            [sys.executable, "-m", "netsuite_ap_sync.tools.partners_cli", *argv],
            cwd=ROOT,
            env=cli_env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert shown in listed.split("\n", 2)[2], listed
