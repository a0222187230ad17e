"""SuiteQL files become the hook's keyset queries with every value bound."""

from __future__ import annotations

import pytest

from netsuite_ap_sync.extract.suiteql_files import SUITEQL_DIR, keyset_query, plain_query, split_columns


def test_select_list_splits_only_on_top_level_commas():
    assert split_columns("a.id, TO_CHAR(a.d, 'YYYY-MM-DD') AS d, BUILTIN.DF(a.s) AS s") == (
        "a.id",
        "TO_CHAR(a.d, 'YYYY-MM-DD') AS d",
        "BUILTIN.DF(a.s) AS s",
    )


def test_invoice_query_keeps_values_out_of_the_text():
    query = keyset_query("invoices.sql", ["2026-01-01 00:00:00 ' OR 1=1 --"], key="t.id")
    sql, params = query.select(after=10, up_to=20)
    assert "OR 1=1" not in sql
    assert params == ["2026-01-01 00:00:00 ' OR 1=1 --", 10, 20]
    assert sql.endswith("ORDER BY t.id") and "t.id > ?" in sql and "t.id <= ?" in sql


def test_id_lists_become_placeholders():
    sql = plain_query("invoice_lines.sql", ids=3)
    assert "IN (?, ?, ?)" in sql and "{ids}" not in sql
    with pytest.raises(ValueError, match="at least one id"):
        plain_query("invoice_lines.sql")


@pytest.mark.parametrize("name", sorted(p.name for p in SUITEQL_DIR.glob("*.sql")))
def test_every_suiteql_file_parses(name):
    sql = plain_query(name, ids=1)
    assert sql.startswith("SELECT ") and " FROM " in sql
    assert "?" in sql or "MAX(" in sql or "accttype" in sql, "incremental queries take their bounds as parameters"
