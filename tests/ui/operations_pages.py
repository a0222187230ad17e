"""The operations pages (``/operations``) in the browser: what a person reads and clicks there.

Elements are found by the pages' ``data-testid`` attributes, form field names
and button text, never by layout.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.select import Select

from tests.ui import pages
from tests.ui.airflow_up import RunningUp

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
QUEUED = re.compile(r"netsuite_sync_partner run (?P<run_id>\S+) queued for (?P<partner>\S+)")
NETSUITE_SANDBOX = re.compile(r"NetSuite sandbox on (?P<url>http://127\.0\.0\.1:\d+)")


def netsuite_sandbox_url(up: RunningUp) -> str:
    found = NETSUITE_SANDBOX.search(up.output())
    assert found, f"demo.up did not say where the NetSuite sandbox is:\n{up.output()}"
    return found["url"]


def open_page(driver: WebDriver, up: RunningUp, path: str, shows: str) -> None:
    """Open an operations page and wait until ``shows`` (a data-testid) is on it."""
    driver.get(f"{up.base_url}/operations/{path}")
    pages.until(driver, f"the {path} page", lambda d: d.find_element(By.CSS_SELECTOR, f"[data-testid='{shows}']"))


def notice(driver: WebDriver) -> str:
    return pages.until(
        driver, "the action's notice", lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=notice]").text
    )


def queued_run(driver: WebDriver) -> str:
    """The run id a Sync now or Retry now notice names."""
    text = notice(driver)
    found = QUEUED.search(text)
    assert found, f"the page did not queue a run: {text!r}"
    return found["run_id"]


def press(driver: WebDriver, scope_testid: str, text: str) -> None:
    scope = driver.find_element(By.CSS_SELECTOR, f"[data-testid='{scope_testid}']")
    pages.until(driver, f"pressing {text!r}", lambda _d: pages.click_when_enabled(pages.button(scope, text)))


def choose_first_options(driver: WebDriver, names: tuple[str, ...]) -> dict[str, str]:
    chosen = {}
    for name in names:
        select = Select(driver.find_element(By.NAME, name))
        select.select_by_index(1)  # the first account after "— choose —"
        chosen[name] = select.first_selected_option.get_attribute("value")
    return chosen


def wait_for_run(up: RunningUp, dag_id: str, run_id: str, timeout: float) -> str:
    deadline, state = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        state = up.api("GET", up.run_path(dag_id, run_id))["state"]
        if state in ("success", "failed"):
            return state
        time.sleep(3)
    raise AssertionError(f"{dag_id} {run_id} still {state!r} after {timeout:.0f}s")


def screenshot(driver: WebDriver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
