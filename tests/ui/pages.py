"""What a person does in the Airflow UI, step by step, with Selenium.

Elements are found by what Airflow's UI names them (form field names,
``data-testid`` attributes, button text), never by layout.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
)
# Generous: page loads and React renders are slow on a busy 2-core machine.
STEP_TIMEOUT = 120
OPEN_DIALOG = "[role=dialog][data-state=open]"
NAV_DAGS = "[data-testid=nav-dags-link]"
RUN_STATE = "[data-testid=header-card] [data-testid=state-badge]"


def chromium(profile_dir: Path, log_path: Path) -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile_dir}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER), log_output=str(log_path)))
    driver.set_page_load_timeout(STEP_TIMEOUT)
    return driver


def until(driver: WebDriver, what: str, condition: Callable[[WebDriver], Any], timeout: float = STEP_TIMEOUT) -> Any:
    """Poll ``condition`` until it returns something truthy.

    Browser errors while the page renders (an element not there yet, stale,
    covered, not focusable) count as "not yet"; the last one is reported.
    """
    deadline, last_error = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            if result := condition(driver):
                return result
        except WebDriverException as error:
            last_error = error.msg
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout:.0f}s (last browser error: {last_error})")


def fill(driver: WebDriver, values: dict[str, str]) -> bool:
    """Type each value into the input of that name; True once the page holds them all.

    Typing replaces what is there, and a field that React re-rendered empty is
    typed again on the next poll.
    """
    held = True
    for name, value in values.items():
        field = driver.find_element(By.NAME, name)
        if field.get_attribute("value") != value:
            field.send_keys(Keys.CONTROL, "a", Keys.NULL, value)
            held = False
    return held


def click_when_enabled(element: WebElement) -> bool:
    if not (element.is_displayed() and element.is_enabled()):
        return False
    element.click()
    return True


def button(scope: WebElement, text: str) -> WebElement:
    for candidate in scope.find_elements(By.TAG_NAME, "button"):
        if candidate.text.strip() == text:
            return candidate
    raise NoSuchElementException(f"no {text!r} button")


def log_in(driver: WebDriver, base_url: str, user: str, password: str) -> None:
    """Open the UI, get sent to the login page, sign in, land back in the UI."""
    driver.get(f"{base_url}/")
    until(driver, "the login form", lambda d: d.find_element(By.NAME, "username").is_displayed())
    credentials = {"username": user, "password": password}
    until(
        driver,
        "signing in",
        lambda d: fill(d, credentials) and click_when_enabled(d.find_element(By.CSS_SELECTOR, "button[type=submit]")),
    )
    until(
        driver,
        "the UI after signing in",
        lambda d: "/auth/login" not in d.current_url and d.find_element(By.CSS_SELECTOR, NAV_DAGS).is_displayed(),
    )


def trigger_with_form(driver: WebDriver, base_url: str, dag_id: str, params: dict[str, str]) -> str:
    """Open the DAG, fill its Params form in the Trigger dialog, trigger; return the new run's id."""
    driver.get(f"{base_url}/dags/{dag_id}")
    until(driver, "the Trigger dialog", _open_trigger_dialog)
    form = {f"element_{name}": value for name, value in params.items()}
    until(
        driver,
        "the Params form filled in and triggered",
        lambda d: fill(d, form) and click_when_enabled(button(d.find_element(By.CSS_SELECTOR, OPEN_DIALOG), "Trigger")),
    )
    runs_path = f"/dags/{dag_id}/runs/"
    until(driver, "the new run's page", lambda d: runs_path in d.current_url)
    return unquote(driver.current_url.split(runs_path, 1)[1].split("?")[0])


def _open_trigger_dialog(driver: WebDriver) -> bool:
    """True once the dialog is open; until then, press the DAG's Trigger button."""
    if any(dialog.is_displayed() for dialog in driver.find_elements(By.CSS_SELECTOR, OPEN_DIALOG)):
        return True
    click_when_enabled(driver.find_element(By.CSS_SELECTOR, "[data-testid=trigger-dag-button]"))
    return False


def wait_for_run_to_finish(driver: WebDriver, timeout: float, reload_every: float = 60.0) -> str:
    """Watch the run page's state badge until the run ends; return the state the UI shows.

    The page polls Airflow by itself while a run is active; reloading now and
    then only guards against a poll that stalled.
    """
    deadline = time.monotonic() + timeout
    reloaded = time.monotonic()
    state = ""
    while time.monotonic() < deadline:
        try:
            state = driver.find_element(By.CSS_SELECTOR, RUN_STATE).text.strip()
            if state in ("Success", "Failed"):
                return state
            if time.monotonic() - reloaded > reload_every:
                reloaded = time.monotonic()
                driver.refresh()
        except WebDriverException:
            pass  # re-rendering or reloading; look again
        time.sleep(2)
    raise AssertionError(f"the run still showed {state!r} after {timeout:.0f}s")


def save_evidence(driver: WebDriver, directory: Path, name: str) -> None:
    """A screenshot and the page's HTML, to see what the browser saw (if it still can)."""
    try:
        driver.save_screenshot(str(directory / f"{name}.png"))
        (directory / f"{name}.html").write_text(driver.page_source)
    except WebDriverException as error:
        print(f"no {name} screenshot: the browser did not answer ({error.msg})")
