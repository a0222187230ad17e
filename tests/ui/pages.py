"""What a person does in the Airflow UI, step by step, with Selenium.

Elements are found by what Airflow's UI names them (form field names,
``data-testid`` attributes, button text), never by layout.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

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
RUN_STATE = "[data-testid=header-card] [data-testid=state-badge]"


def chromium(profile_dir: Path, log_path: Path) -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile_dir}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER), log_output=str(log_path)))
    driver.set_page_load_timeout(STEP_TIMEOUT)
    return driver


def wait(driver: WebDriver, timeout: float = STEP_TIMEOUT) -> WebDriverWait:
    return WebDriverWait(driver, timeout, poll_frequency=0.5, ignored_exceptions=[StaleElementReferenceException])


def log_in(driver: WebDriver, base_url: str, user: str, password: str) -> None:
    """Open the UI, get sent to the login page, sign in, land back in the UI."""
    driver.get(f"{base_url}/")
    wait(driver).until(EC.visibility_of_element_located((By.NAME, "username"))).send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "button[type=submit]"))).click()
    wait(driver).until(lambda d: "/auth/login" not in d.current_url)
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=nav-dags-link]")))


def trigger_with_form(driver: WebDriver, base_url: str, dag_id: str, params: dict[str, str]) -> str:
    """Open the DAG, fill its Params form in the Trigger dialog, trigger; return the new run's id."""
    driver.get(f"{base_url}/dags/{dag_id}")
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=trigger-dag-button]"))).click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, OPEN_DIALOG)))
    for name, value in params.items():
        field = wait(driver).until(EC.visibility_of_element_located((By.NAME, f"element_{name}")))
        field.clear()
        field.send_keys(value)
    button = wait(driver).until(lambda d: _enabled_button(d.find_element(By.CSS_SELECTOR, OPEN_DIALOG), "Trigger"))
    button.click()
    runs_path = f"/dags/{dag_id}/runs/"
    wait(driver).until(lambda d: runs_path in d.current_url)
    return unquote(driver.current_url.split(runs_path, 1)[1].split("?")[0])


def _enabled_button(scope: WebElement, text: str) -> WebElement | None:
    for button in scope.find_elements(By.TAG_NAME, "button"):
        if button.text.strip() == text and button.is_enabled():
            return button
    return None


def wait_for_run_to_finish(driver: WebDriver, timeout: float, reload_every: float = 60.0) -> str:
    """Watch the run page's state badge until the run ends; return the state the UI shows.

    The page polls Airflow by itself while a run is active; reloading now and
    then only guards against a poll that stalled.
    """
    deadline = time.monotonic() + timeout
    reloaded = time.monotonic()
    state = ""
    while time.monotonic() < deadline:
        state = _run_state(driver)
        if state in ("Success", "Failed"):
            return state
        if time.monotonic() - reloaded > reload_every:
            driver.refresh()
            reloaded = time.monotonic()
        time.sleep(2)
    raise AssertionError(f"the run still showed {state!r} after {timeout:.0f}s")


def _run_state(driver: WebDriver) -> str:
    try:
        return driver.find_element(By.CSS_SELECTOR, RUN_STATE).text.strip()
    except WebDriverException:
        return ""  # re-rendering, or reloading


def save_evidence(driver: WebDriver, directory: Path, name: str) -> None:
    """A screenshot and the page's HTML, to see what the browser saw (if it still can)."""
    try:
        driver.save_screenshot(str(directory / f"{name}.png"))
        (directory / f"{name}.html").write_text(driver.page_source)
    except WebDriverException as error:
        print(f"no {name} screenshot: the browser did not answer ({error.msg})")
