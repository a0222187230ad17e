"""The Airflow UI in a browser, as ``make up`` serves it.

``python -m demo.up`` runs on a free port with its own Airflow home and
warehouse; headless Chromium logs in, triggers ``netsuite_initial_sync`` for the
demo partner through its Params form and watches the run succeed; the AP
sandbox then holds the partner's customers and invoices. Last, ``demo.up``
gets SIGTERM with a run in flight and must leave nothing running.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from sandbox.alternative_payments.control_client import SandboxControl
from tests.ui import airflow_up, pages

needs_chromium = pytest.mark.skipif(
    not (pages.CHROMIUM.exists() and pages.CHROMEDRIVER.exists()),
    reason=f"needs {pages.CHROMIUM} and {pages.CHROMEDRIVER} (Debian chromium, chromium-driver: make system-packages)",
)

DAG_ID = "netsuite_initial_sync"
# A small data set keeps the run short; `make up` itself defaults to 50 customers, 500 invoices.
CUSTOMERS, INVOICES = 20, 120
STARTUP_TIMEOUT = 600
RUN_TIMEOUT = 900


@pytest.fixture(scope="module")
def up(tmp_path_factory) -> Iterator[airflow_up.RunningUp]:
    running = airflow_up.start(tmp_path_factory.mktemp("up"), CUSTOMERS, INVOICES)
    try:
        running.wait_until_ready(STARTUP_TIMEOUT)
        yield running
    finally:
        running.stop()


@pytest.fixture
def browser(tmp_path):
    driver = pages.chromium(tmp_path / "chromium-profile", tmp_path / "chromedriver.log")
    try:
        yield driver
    finally:
        driver.quit()


@needs_chromium
@pytest.mark.timeout(STARTUP_TIMEOUT + RUN_TIMEOUT + 300)
def test_initial_sync_triggered_from_the_params_form_succeeds_in_the_ui(up, browser, tmp_path):
    timings: dict[str, float] = {}
    started = time.monotonic()
    try:
        pages.log_in(browser, up.base_url, up.user, up.password)
        run_id = pages.trigger_with_form(browser, up.base_url, DAG_ID, {"partner": "demo"})
        timings["log in and trigger"] = time.monotonic() - started
        shown = pages.wait_for_run_to_finish(browser, RUN_TIMEOUT)
        timings["run, as the UI shows it"] = time.monotonic() - started - timings["log in and trigger"]
        assert shown == "Success", f"the UI shows the run {shown}"
    except BaseException:
        print(f"demo.up output ({up.log_path}):\n{up.output()}\nbrowser evidence in {tmp_path}")
        pages.save_evidence(browser, tmp_path, "failure")
        raise
    pages.save_evidence(browser, tmp_path, "succeeded")

    run = up.api("GET", up.run_path(DAG_ID, run_id))
    assert (run["state"], run["run_type"], run["triggered_by"]) == ("success", "manual", "ui")
    assert run["triggering_user_name"] == up.user
    assert run["conf"]["partner"] == "demo"
    assert run["conf"]["dry_run"] is False
    ap = SandboxControl(up.ap_sandbox_url()).state()
    assert ap["customers"] and ap["invoices"], "the run succeeded but posted nothing to AP"
    assert ap["integrations"]["netsuite"]["status"] == "connected"

    print("timings:", {step: round(seconds, 1) for step, seconds in timings.items()})


@pytest.mark.timeout(STARTUP_TIMEOUT + 600)
def test_stopping_with_a_run_in_flight_leaves_nothing_running(up):
    """SIGTERM (Ctrl-C alike) ends Airflow's components, the task processes they started and the sandboxes."""
    run = up.api("POST", f"/dags/{DAG_ID}/dagRuns", json={"logical_date": None, "conf": {"partner": "demo"}})
    wait_for_a_running_task(up, up.run_path(DAG_ID, run["dag_run_id"]))
    processes = up.process_tree()
    stopping = time.monotonic()
    assert up.stop() == 0
    print(f"stopped in {time.monotonic() - stopping:.1f}s")
    assert not airflow_up.port_open(up.port)
    assert airflow_up.still_running(processes) == []
    assert "sandboxes stopped" in up.output()


def wait_for_a_running_task(up: airflow_up.RunningUp, run_path: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = {ti["state"] for ti in up.api("GET", f"{run_path}/taskInstances")["task_instances"]}
        if "running" in states:
            return
        time.sleep(1)
    raise AssertionError(f"no task of {run_path} started running within {timeout}s")
