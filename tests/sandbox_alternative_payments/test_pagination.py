"""Cursor pagination: flat answers, limit/after/before, ordering by updated_at then id."""

from __future__ import annotations

import pytest

from sandbox.alternative_payments import customers
from tests.sandbox_alternative_payments.conftest import plain_api
from tests.sandbox_alternative_payments.plain_api import error_of


@pytest.fixture
def seven(make_ap_sandbox):
    running = make_ap_sandbox()
    ids = [
        customers.create(running.sandbox.store, {"name": f"Customer {n}", "email": f"c{n}@customers.example"})["id"]
        for n in range(7)
    ]
    return plain_api(running).login(), ids, running


def test_pages_follow_end_cursor_until_has_next_page_is_false(seven):
    api, ids, _ = seven
    first = api.ok("GET", "/customers", limit=3)
    second = api.ok("GET", "/customers", limit=3, after=first["end_cursor"])
    third = api.ok("GET", "/customers", limit=3, after=second["end_cursor"])
    assert set(first) == {"data", "start_cursor", "end_cursor", "has_next_page", "has_previous_page"}
    assert [len(p["data"]) for p in (first, second, third)] == [3, 3, 1]
    assert [p["has_next_page"] for p in (first, second, third)] == [True, True, False]
    assert [p["has_previous_page"] for p in (first, second, third)] == [False, True, True]
    assert [c["id"] for p in (first, second, third) for c in p["data"]] == ids


def test_before_returns_the_page_in_front_of_a_cursor(seven):
    api, ids, _ = seven
    first = api.ok("GET", "/customers", limit=3)
    second = api.ok("GET", "/customers", limit=3, after=first["end_cursor"])
    back = api.ok("GET", "/customers", limit=3, before=second["start_cursor"])
    assert [c["id"] for c in back["data"]] == ids[:3]
    assert (back["has_previous_page"], back["has_next_page"]) == (False, True)


def test_limit_defaults_to_100(make_ap_sandbox):
    running = make_ap_sandbox()
    for n in range(101):
        customers.create(running.sandbox.store, {"name": f"Customer {n}", "email": f"c{n}@customers.example"})
    page = plain_api(running).login().ok("GET", "/customers")
    assert (len(page["data"]), page["has_next_page"]) == (100, True)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"after": "not-a-cursor"}, "after"),
        ({"before": "bm9wZQ"}, "before"),
    ],
)
def test_bad_paging_parameters_are_400(seven, params, field):
    api, _, _ = seven
    response = api.get("/customers", **params)
    assert response.status_code == 400
    assert field in error_of(response)["validation_errors"]


def test_after_and_before_together_are_400(seven):
    api, _, _ = seven
    cursor = api.ok("GET", "/customers", limit=1)["end_cursor"]
    response = api.get("/customers", after=cursor, before=cursor)
    assert "before" in error_of(response)["validation_errors"]


def test_a_record_changed_during_a_read_moves_behind_the_reader(seven):
    api, ids, _ = seven
    first = api.ok("GET", "/customers", limit=3)
    api.ok("PATCH", f"/customers/{ids[0]}", {"name": "renamed"})
    api.ok("PATCH", f"/customers/{ids[5]}", {"name": "renamed too"})
    rest = api.ok("GET", "/customers", limit=10, after=first["end_cursor"])
    assert [c["id"] for c in rest["data"]] == [ids[3], ids[4], ids[6], ids[0], ids[5]]


def test_repeat_cursor_setting_makes_the_server_hand_back_the_same_cursor(seven):
    api, _, running = seven
    running.control.settings(repeat_cursor=True)
    first = api.ok("GET", "/customers", limit=3)
    second = api.ok("GET", "/customers", limit=3, after=first["end_cursor"])
    assert (second["end_cursor"], second["has_next_page"]) == (first["end_cursor"], True)
