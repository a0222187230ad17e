from tests.ui import pages
from tests.ui.test_airflow_ui import browser, up  # noqa: F401


def test_failure_path(up, browser, tmp_path):
    try:
        pages.log_in(browser, up.base_url, up.user, up.password)
        pages.trigger_with_form(browser, up.base_url, "no_such_dag", {"partner": "demo"})
    except BaseException:
        print(f"demo.up output:\n{up.output()}\nevidence in {tmp_path}")
        pages.save_evidence(browser, tmp_path, "failure")
        raise
