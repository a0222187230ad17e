"""SuiteQL text is built from fixed fragments; every value is a bound parameter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netsuite_hook.keyset_query import KeysetQuery, column_name
from netsuite_hook.suiteql import normalise_rows

INVOICES = KeysetQuery(
    columns=("id", "tranid", "TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lastmodified", "t.entity"),
    from_="transaction t",
    where="t.type = ? AND t.lastmodifieddate >= TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')",
    params=("CustInvc", "2026-01-01 00:00:00"),
)


def test_column_names_follow_aliases_and_lower_case():
    assert INVOICES.names == ["id", "tranid", "lastmodified", "entity"]
    assert column_name("BUILTIN.DF(status) AS Status") == "status"
    with pytest.raises(ValueError, match="alias"):
        column_name("BUILTIN.DF(status)")


def test_select_adds_key_bounds_as_parameters_and_orders_by_key():
    sql, params = INVOICES.select(after=100, up_to=200)
    assert sql.endswith(
        "WHERE (t.type = ? AND t.lastmodifieddate >= TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS'))"
        " AND id > ? AND id <= ? ORDER BY id"
    )
    assert params == ["CustInvc", "2026-01-01 00:00:00", 100, 200]


def test_select_without_where_or_bounds():
    query = KeysetQuery(columns=("id",), from_="customer")
    assert query.select() == ("SELECT id FROM customer ORDER BY id", [])


def test_key_stats_query():
    sql, params = INVOICES.key_stats()
    assert sql.startswith("SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM transaction t WHERE (")
    assert params == ["CustInvc", "2026-01-01 00:00:00"]


@given(st.lists(st.text(min_size=3), min_size=1, max_size=3), st.integers(), st.integers())
def test_values_never_enter_the_query_text(values, after, up_to):
    query = KeysetQuery(
        columns=("id", "memo"), from_="transaction", where=" OR ".join("memo = ?" for _ in values), params=tuple(values)
    )
    sql, params = query.select(after=after, up_to=up_to)
    assert params == [*values, after, up_to]
    assert sql.count("?") == len(params)
    assert sql.startswith("SELECT id, memo FROM transaction WHERE (memo = ?")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"columns": ("tranid",), "from_": "transaction"},  # key not selected
        {"columns": ("id",), "from_": "transaction", "key": "id; DROP"},
        {"columns": ("id",), "from_": "transaction", "where": "type = ?", "params": ()},
    ],
)
def test_malformed_keyset_queries_are_refused(kwargs):
    with pytest.raises(ValueError):
        KeysetQuery(**kwargs)


def test_missing_columns_become_none_for_the_columns_asked_for():
    items = [{"id": "1", "memo": "x", "links": []}, {"id": "2", "links": []}]
    assert normalise_rows(items, ["id", "memo"]) == [{"id": "1", "memo": "x"}, {"id": "2", "memo": None}]
    assert normalise_rows(items, None) == [{"id": "1", "memo": "x"}, {"id": "2"}]
