"""The latency report: quantiles by linear interpolation, the summary of posted and missing payments,
the seeded schedule of payments, and the figures with their targets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bench.latency import percentile, schedule, summarize
from bench.scenarios.latency import figures

T0 = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_percentile_interpolates_between_closest_ranks():
    values = [10.0, 1.0, 4.0, 2.0, 3.0]  # unsorted on purpose
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.0) == 1.0
    assert percentile(values, 1.0) == 10.0
    assert percentile(values, 0.95) == pytest.approx(4.0 + 0.8 * 6.0)
    assert percentile([7.5], 0.95) == 7.5
    assert percentile([], 0.5) is None
    with pytest.raises(ValueError):
        percentile(values, 1.5)


def test_summary_counts_missing_payments_and_measures_only_those_posted():
    succeeded = {("p1", f"pay_{n}"): T0 + timedelta(seconds=n) for n in range(4)}
    posted = {key: at + timedelta(seconds=10 * (n + 1)) for n, (key, at) in enumerate(list(succeeded.items())[:3])}
    summary = summarize("webhooks", succeeded, posted)
    assert (summary.made, summary.arrived, summary.missing) == (4, 3, 1)
    assert (summary.p50, summary.max) == (20.0, 30.0)
    assert summary.as_dict() == {
        "payments": 4,
        "posted": 3,
        "missing": 1,
        "p50_s": 20.0,
        "p95_s": 29.0,
        "max_s": 30.0,
    }
    assert summary.line() == "webhooks: 3/4 posted (1 missing), p50 20.0 s, p95 29.0 s, max 30.0 s"
    empty = summarize("poll", succeeded, {})
    assert (empty.p95, empty.missing) == (None, 4) and "p95 -" in empty.line()


def test_the_schedule_is_seeded_in_time_order_and_shares_payments_out():
    planned = schedule(payments=200, partners=10, window=120.0, seed=7)
    assert planned == schedule(payments=200, partners=10, window=120.0, seed=7)
    assert planned != schedule(payments=200, partners=10, window=120.0, seed=8)
    moments = [moment for moment, _ in planned]
    assert moments == sorted(moments) and moments[0] >= 0 and moments[-1] <= 120.0
    assert sorted({n for _, n in planned}) == list(range(10))
    assert all(sum(1 for _, n in planned if n == p) == 20 for p in range(10))


def test_the_figures_hold_the_targets_and_the_detail():
    fast = {("p", str(n)): T0 for n in range(20)}
    posted_in = {key: T0 + timedelta(seconds=30) for key in fast}
    slow = {key: T0 + timedelta(seconds=400) for key in fast}
    summaries = {
        "webhooks": summarize("webhooks", fast, posted_in),
        "dropped": summarize("dropped", fast, dict(list(posted_in.items())[:19])),
        "poll": summarize("poll", fast, slow),
    }
    made = {f.name: f for f in figures(summaries, ["a note"], {"command": "make bench"})}
    assert made["latency_webhook_p95"].ok and made["latency_webhook_p95"].ratio == pytest.approx(0.5)
    assert not made["latency_poll_p95"].ok  # 400 s is over a cadence and a minute
    assert (made["latency_dropped_missing"].value, made["latency_dropped_missing"].ok) == (1, False)
    entry = made["latency_webhook_p95"].as_json()
    assert entry["detail"] == {"command": "make bench"} and made["latency_webhook_p95"].notes == ["a note"]
    assert "detail" not in made["latency_poll_p95"].as_json()
