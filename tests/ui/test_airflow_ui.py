"""The Airflow UI in a browser, as ``make up`` serves it.

``python -m demo.up`` runs on a free port with its own Airflow home and
warehouse; headless Chromium logs in, triggers ``netsuite_initial_sync`` for the
demo partner through its Params form and watches the run succeed; the AP
sandbox then holds the partner's customers and invoices. The operations pages
follow, on the same Airflow: the partner's progress, its accounts chosen from
NetSuite's pick lists, a run started with Sync now, a quarantined record
retried from its page leaving quarantine after the run, a manual action marked
done (screenshots in tests/ui/artifacts/). Last, ``demo.up`` gets SIGTERM with
a run in flight and must leave nothing running.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By

from sandbox.alternative_payments.control_client import SandboxControl
from tests.ui import airflow_up, operations_pages, pages

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


SYNC_PARTNER = "netsuite_sync_partner"
SYNC_TIMEOUT = 600


@pytest.mark.timeout(STARTUP_TIMEOUT + 120)
def test_the_demo_connections_are_stored_in_airflow_and_can_be_tested(up):
    """On the Connections page (stored in the metadata database), with the Test button on."""
    stored = up.api("GET", "/connections/netsuite_demo")
    assert stored["conn_type"] == "netsuite" and stored["host"].startswith("http://127.0.0.1:")
    assert up.api("GET", "/connections/ap_demo")["conn_type"] == "alternative_payments"
    probe = {
        "connection_id": "ap_probe",
        "conn_type": "alternative_payments",
        "host": up.ap_sandbox_url(),
        "login": "not-a-client",
        "password": "not-a-secret",
    }
    tested = up.api("POST", "/connections/test", json=probe)
    assert tested["status"] is False and tested["message"], tested  # tested (refused), not "testing is disabled"
    assert "not-a-secret" not in tested["message"]


@needs_chromium
@pytest.mark.timeout(STARTUP_TIMEOUT + 300)
def test_operations_pages_show_the_partners_progress_and_choose_its_accounts(up, browser):
    pages.log_in(browser, up.base_url, up.user, up.password)
    # In Airflow's own navigation: the page inside the UI, behind its login.
    browser.get(f"{up.base_url}/plugin/netsuite-partners")
    frame = pages.until(
        browser, "the Partners page in the UI", lambda d: d.find_element(By.CSS_SELECTOR, "iframe[src*='/operations/']")
    )
    browser.switch_to.frame(frame)
    status = pages.until(browser, "the demo partner", lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=status]"))
    assert status.text == "connected"
    browser.switch_to.default_content()
    operations_pages.screenshot(browser, "partners-in-airflow-ui")

    operations_pages.open_page(browser, up, "partners", "partner-demo")
    card = browser.find_element(By.CSS_SELECTOR, "[data-testid=partner-demo]")
    assert card.find_element(By.CSS_SELECTOR, "[data-testid=phase]").text == "phase done"
    done, left = card.find_element(By.CSS_SELECTOR, "[data-testid=progress]").text.split(" done / ")
    assert int(done) > 0 and left == "0 left"
    assert "netsuite_initial_sync" in card.text  # its last successful run, linked
    operations_pages.screenshot(browser, "partners")

    card.find_element(By.LINK_TEXT, "Choose accounts").click()
    pages.until(
        browser, "NetSuite's accounts", lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=accounts-form]")
    )
    chosen = operations_pages.choose_first_options(browser, ("undeposited_funds", "bank"))
    operations_pages.screenshot(browser, "accounts")
    operations_pages.press(browser, "accounts-form", "Save accounts")
    assert f"accounts saved by {up.user}" in operations_pages.notice(browser)
    card = browser.find_element(By.CSS_SELECTOR, "[data-testid=partner-demo]")
    assert f"Undeposited Funds: {chosen['undeposited_funds']}" in card.text


@needs_chromium
@pytest.mark.timeout(STARTUP_TIMEOUT + 2 * SYNC_TIMEOUT + 300)
def test_a_quarantined_record_retried_from_its_page_leaves_quarantine_after_the_run(up, browser):
    netsuite = operations_pages.netsuite_sandbox_url(up)
    customer = requests.post(
        f"{netsuite}/_sandbox/customers", json={"companyname": "Harbor Dental Group"}, timeout=30
    ).json()
    pages.log_in(browser, up.base_url, up.user, up.password)
    operations_pages.open_page(browser, up, "partners", "partner-demo")
    operations_pages.press(browser, "partner-demo", "Sync now")
    run_id = operations_pages.queued_run(browser)
    assert operations_pages.wait_for_run(up, SYNC_PARTNER, run_id, SYNC_TIMEOUT) == "success"

    row = f"quarantine-demo-customer-{customer['id']}"
    operations_pages.open_page(browser, up, "quarantine?partner=demo&object=customer", row)
    record = browser.find_element(By.CSS_SELECTOR, f"[data-testid='{row}']")
    assert "F1:has_email" in record.text and "has no email in NetSuite" in record.text
    operations_pages.screenshot(browser, "quarantine")

    requests.patch(
        f"{netsuite}/_sandbox/customers/{customer['id']}", json={"email": "billing@harbor.example"}, timeout=30
    ).raise_for_status()
    record.find_element(By.NAME, "note").send_keys("email added in NetSuite")
    operations_pages.press(browser, row, "Retry now")
    run_id = operations_pages.queued_run(browser)
    assert operations_pages.wait_for_run(up, SYNC_PARTNER, run_id, SYNC_TIMEOUT) == "success"
    run = up.api("GET", up.run_path(SYNC_PARTNER, run_id))
    assert (run["conf"]["partner"], run["triggering_user_name"]) == ("demo", up.user)

    browser.refresh()
    pages.until(
        browser,
        "the record gone from quarantine",
        lambda d: not d.find_elements(By.CSS_SELECTOR, f"[data-testid='{row}']"),
    )
    operations_pages.open_page(browser, up, "quarantine?partner=demo&object=customer&closed=true", row)
    closed = browser.find_element(By.CSS_SELECTOR, f"[data-testid='{row}']").text
    assert f"retry by {up.user}" in closed and "email added in NetSuite" in closed
    operations_pages.screenshot(browser, "quarantine-after-retry")


@needs_chromium
@pytest.mark.timeout(STARTUP_TIMEOUT + 300)
def test_a_manual_action_is_marked_done_on_its_page(up, browser):
    from netsuite_ap_sync.warehouse import reports
    from netsuite_ap_sync.warehouse.engine import create_engine_from_url

    engine = create_engine_from_url(f"sqlite:///{Path(up.home).parent / 'warehouse.db'}")
    reports.report_manual_action(
        engine,
        "demo",
        rule="S2",
        object_type="payment",
        source_id="pay_ui_1",
        message="AP reports payment pay_ui_1 failed after it was posted: revert customer payment apay-pay_ui_1 by hand",
        invoice_number="INV-UI-1",
        amount=Decimal("80.00"),
    )
    engine.dispose()
    row = "manual-action-demo-S2-pay_ui_1"
    pages.log_in(browser, up.base_url, up.user, up.password)
    operations_pages.open_page(browser, up, "manual-actions", row)
    action = browser.find_element(By.CSS_SELECTOR, f"[data-testid='{row}']")
    assert "INV-UI-1" in action.text and "80.00" in action.text
    operations_pages.screenshot(browser, "manual-actions")
    action.find_element(By.NAME, "note").send_keys("reverted in NetSuite")
    operations_pages.press(browser, row, "Mark done")
    assert f"marked done by {up.user}" in operations_pages.notice(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, f"[data-testid='{row}']")
    operations_pages.open_page(browser, up, "manual-actions?done=true", row)
    assert f"done by {up.user}" in browser.find_element(By.CSS_SELECTOR, f"[data-testid='{row}']").text
    operations_pages.screenshot(browser, "manual-actions-done")


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
