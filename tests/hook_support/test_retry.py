"""The shared retry mechanism, driven by scripted answers and a fake clock."""

from __future__ import annotations

import pytest
import requests
import urllib3

from hook_support.retry import Jitter, Renewal, Retrier, RetryPolicy, never_sent

POLICY = RetryPolicy(time_budget=10.0, base_delay=1.0, max_delay=4.0)


def response(status: int, headers: dict[str, str] | None = None) -> requests.Response:
    answer = requests.Response()
    answer.status_code = status
    answer.headers.update(headers or {})
    return answer


class Script:
    """Hands out the scripted answers in turn (an exception is raised); the clock moves only by sleeping."""

    def __init__(self, *answers: requests.Response | Exception) -> None:
        self.answers = list(answers)
        self.tries = 0
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> requests.Response:
        self.tries += 1
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def retrier(self, policy: RetryPolicy = POLICY, **options) -> Retrier:
        return Retrier(
            policy,
            blocked=lambda r: r.status_code == 429,
            transient=lambda r: r.status_code >= 500,
            clock=lambda: self.now,
            sleep=self.sleep,
            **options,
        )


def test_a_final_answer_is_returned_at_once():
    script = Script(response(404))
    outcome = script.retrier().call(script, what="GET /x")
    assert (outcome.answer.status_code, outcome.attempts, outcome.gave_up) == (404, 1, False)
    assert script.sleeps == []


def test_transient_answers_are_retried_until_one_succeeds(caplog):
    script = Script(response(503), response(500), response(200))
    outcome = script.retrier().call(script, what="GET /x")
    assert (outcome.answer.status_code, outcome.attempts) == (200, 3)
    assert "GET /x: HTTP 503; retry 1 in" in caplog.text


def test_the_time_budget_ends_the_retries_before_a_wait_would_overrun_it():
    script = Script(response(503))
    outcome = script.retrier().call(script, what="GET /x")
    assert outcome.gave_up and outcome.answer.status_code == 503
    assert outcome.attempts == script.tries == len(script.sleeps) + 1
    assert sum(script.sleeps) <= POLICY.time_budget


def test_the_attempt_budget_ends_the_retries():
    script = Script(requests.ConnectionError("reset"))
    outcome = script.retrier(RetryPolicy(time_budget=1e6, base_delay=0.1, max_delay=0.1, max_attempts=3)).call(
        script, what="GET /x"
    )
    assert outcome.gave_up and isinstance(outcome.answer, requests.ConnectionError)
    assert (outcome.attempts, script.tries) == (3, 3)


@pytest.mark.parametrize(("jitter", "low_share"), [(Jitter.FULL, 0.0), (Jitter.EQUAL, 0.5)])
def test_backoff_is_exponential_with_jitter_below_the_cap(jitter, low_share):
    policy = RetryPolicy(time_budget=60, base_delay=1, max_delay=8, jitter=jitter)
    for attempt, step in [(1, 1), (2, 2), (3, 4), (4, 8), (12, 8)]:
        delays = {policy.delay(attempt) for _ in range(200)}
        assert all(step * low_share <= delay <= step for delay in delays)
        assert len(delays) > 1  # jittered, so parallel clients spread out


def test_retry_after_is_honoured_when_asked_for():
    script = Script(response(429, {"Retry-After": "7"}), response(200))
    outcome = script.retrier(honour_retry_after=True).call(script, what="GET /x")
    assert outcome.answer.status_code == 200 and script.sleeps == [7.0]
    ignored = Script(response(429, {"Retry-After": "7"}), response(200))
    ignored.retrier().call(ignored, what="GET /x")
    assert ignored.sleeps[0] <= 1.0


def test_a_retry_after_past_the_budget_ends_the_retries():
    script = Script(response(429, {"Retry-After": "60"}))
    outcome = script.retrier(honour_retry_after=True).call(script, what="GET /x")
    assert outcome.gave_up and script.tries == 1 and script.sleeps == []


def test_a_post_that_may_have_been_sent_is_not_retried():
    for failure in (response(502), requests.ConnectionError("reset by peer"), requests.ReadTimeout("no answer")):
        script = Script(failure, response(201))
        outcome = script.retrier().call(script, what="POST /records", idempotent=False)
        assert (outcome.answer is failure, outcome.attempts, outcome.gave_up) == (True, 1, False)
        assert script.tries == 1


def test_a_post_that_never_left_or_was_turned_away_is_retried():
    refused = requests.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/", reason=_new_connection_error()))
    assert never_sent(refused)
    for failure in (refused, requests.ConnectTimeout("connect timeout"), response(429)):
        script = Script(failure, response(201))
        outcome = script.retrier().call(script, what="POST /records", idempotent=False)
        assert (outcome.answer.status_code, outcome.attempts) == (201, 2)


def _new_connection_error() -> urllib3.exceptions.NewConnectionError:
    return urllib3.exceptions.NewConnectionError(None, "connection refused")


def test_other_exceptions_pass_through_untouched():
    script = Script(ValueError("a bug"))
    with pytest.raises(ValueError, match="a bug"):
        script.retrier().call(script, what="GET /x")
    assert script.tries == 1


def renewal(renewed: list[requests.Response], *, same_request: bool) -> Renewal:
    return Renewal(refused=lambda r: r.status_code == 401, renew=renewed.append, same_request=same_request)


@pytest.mark.parametrize("same_request", [True, False])
def test_a_401_renews_the_credential_once(same_request):
    renewed: list[requests.Response] = []
    script = Script(response(401), response(200))
    outcome = script.retrier().call(script, what="GET /x", renewal=renewal(renewed, same_request=same_request))
    assert outcome.answer.status_code == 200 and len(renewed) == 1
    # Continuing the same request counts the refused try and waits first; a fresh start does neither.
    assert outcome.attempts == (2 if same_request else 1)
    assert len(script.sleeps) == (1 if same_request else 0)


@pytest.mark.parametrize("same_request", [True, False])
def test_a_second_401_is_final(same_request):
    renewed: list[requests.Response] = []
    script = Script(response(401), response(503), response(401), response(200))
    outcome = script.retrier().call(script, what="GET /x", renewal=renewal(renewed, same_request=same_request))
    assert outcome.answer.status_code == 401 and not outcome.gave_up
    assert len(renewed) == 1 and script.tries == 3
