"""Numbers from the environment: the default when unset, the value when valid, an error naming the variable."""

from __future__ import annotations

import pytest

from netsuite_ap_sync.settings import env_number


def test_unset_or_blank_is_the_default(monkeypatch):
    monkeypatch.delenv("SYNC_X", raising=False)
    assert env_number("SYNC_X", 7, whole=True) == 7
    monkeypatch.setenv("SYNC_X", "  ")
    assert env_number("SYNC_X", 0.5) == 0.5


def test_a_valid_value_is_read_with_its_kind(monkeypatch):
    monkeypatch.setenv("SYNC_X", "12")
    assert env_number("SYNC_X", 1, whole=True, low=1) == 12
    monkeypatch.setenv("SYNC_X", "2.5")
    assert env_number("SYNC_X", 1, low=0) == 2.5


@pytest.mark.parametrize(
    ("raw", "kwargs", "message"),
    [
        ("ten", {"whole": True, "low": 1}, "SYNC_X must be a whole number of at least 1, got 'ten'"),
        ("1.5", {"whole": True}, "SYNC_X must be a whole number, got '1.5'"),
        ("-1", {"low": 0}, "SYNC_X must be a number of at least 0, got '-1'"),
        ("1.2", {"low": 0, "high": 1}, "SYNC_X must be a number from 0 to 1, got '1.2'"),
        ("9", {"high": 5}, "SYNC_X must be a number of at most 5, got '9'"),
    ],
)
def test_a_bad_value_names_the_variable_and_what_it_must_be(monkeypatch, raw, kwargs, message):
    monkeypatch.setenv("SYNC_X", raw)
    with pytest.raises(ValueError) as raised:
        env_number("SYNC_X", 1, **kwargs)
    assert str(raised.value) == message
