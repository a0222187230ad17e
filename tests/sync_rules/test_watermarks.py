"""I5 watermarks and the overlap window, on NetSuite's clock."""

from __future__ import annotations

import pytest

from netsuite_ap_sync.rules.decisions import Outcome
from netsuite_ap_sync.rules.ns_clock import format_ns_clock, parse_ns_clock, shift_ns_clock
from netsuite_ap_sync.rules.watermarks import RecordOutcome, advance_watermark, overlap_start

A, B, C, D_ = "2026-01-02 10:00:00", "2026-01-02 10:05:00", "2026-01-02 10:10:00", "2026-01-02 10:15:00"


def rec(record_id, last_modified, outcome="applied"):
    return RecordOutcome(record_id, last_modified, Outcome(outcome))


def test_I5_watermark_advances_over_finished_records():
    records = [rec("1", A), rec("2", B, "skipped"), rec("3", C, "quarantined")]
    assert advance_watermark(None, records) == C


def test_I5_held_record_stops_the_watermark():
    records = [rec("1", A), rec("2", B, "held"), rec("3", C)]
    assert advance_watermark(None, records) == A


def test_I5_record_held_then_released():
    held = [rec("1", A), rec("2", B, "held"), rec("3", C)]
    first = advance_watermark(None, held)
    released = [rec("2", B), rec("3", C)]
    assert advance_watermark(first, released) == C


def test_I5_held_record_at_the_same_second_as_a_finished_one_stops_both():
    records = [rec("1", A), rec("2", B), rec("3", B, "held")]
    assert advance_watermark(None, records) == A


def test_I5_held_record_in_the_overlap_pulls_the_watermark_back():
    assert advance_watermark(C, [rec("1", A), rec("2", B, "held")]) == A
    assert advance_watermark(C, [rec("2", B, "held")]) == "2026-01-02 10:04:59"


def test_I5_watermark_never_moves_back_without_a_held_record():
    assert advance_watermark(D_, [rec("1", A), rec("2", B)]) == D_


def test_I5_held_record_after_the_old_watermark_keeps_it():
    assert advance_watermark(A, [rec("2", C, "held")]) == A


def test_I5_first_run_with_only_held_records_stays_at_the_beginning():
    assert advance_watermark(None, [rec("1", A, "held")]) is None
    assert advance_watermark(None, []) is None


def test_I5_outcomes_may_be_given_as_stored_strings():
    assert RecordOutcome("1", A, "held").outcome is Outcome.HELD
    with pytest.raises(ValueError):
        RecordOutcome("1", A, "lost")


def test_I5_malformed_timestamps_are_refused():
    with pytest.raises(ValueError):
        RecordOutcome("1", "2026-01-02T10:00:00Z", Outcome.APPLIED)
    with pytest.raises(ValueError):
        advance_watermark("2026-01-02", [])


def test_overlap_start_is_computed_on_the_netsuite_clock():
    assert overlap_start(A, 15) == "2026-01-02 09:45:00"
    assert overlap_start("2026-03-01 00:05:00", 10) == "2026-02-28 23:55:00"
    assert overlap_start("2024-03-01 00:05:00", 10) == "2024-02-29 23:55:00"
    assert overlap_start("2026-01-01 00:00:00", 1) == "2025-12-31 23:59:00"
    assert overlap_start(A, 0) == A
    assert overlap_start(None, 15) is None


def test_overlap_start_refuses_a_negative_window():
    with pytest.raises(ValueError):
        overlap_start(A, -1)


def test_ns_clock_round_trip_and_shift():
    assert format_ns_clock(parse_ns_clock(A)) == A
    assert shift_ns_clock(A, seconds=-1) == "2026-01-02 09:59:59"
    assert shift_ns_clock("0999-01-01 00:00:00", seconds=0) == "0999-01-01 00:00:00"
