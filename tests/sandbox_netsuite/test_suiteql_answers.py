"""SuiteQL: the answer's shape, values as NetSuite shows them, and refusal of SQL it does not know."""

from __future__ import annotations

import re

import pytest

from tests.fixtures.netsuite import start_netsuite
from tests.sandbox_netsuite.clients import error_detail, rows, session, suiteql


@pytest.fixture(scope="module")
def netsuite_sandbox():
    """One account for the whole module: these tests only read, or add records of their own."""
    running = start_netsuite()
    yield running
    running.stop()


@pytest.fixture
def http(netsuite_sandbox):
    return session(netsuite_sandbox)


def test_answer_has_netsuite_shape_with_links_and_lowercase_columns(netsuite_sandbox, http):
    response = suiteql(
        http,
        netsuite_sandbox,
        "SELECT ID, TranId AS Number FROM transaction WHERE type = ?",
        ["CustInvc"],
        limit=5,
        offset=5,
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"links", "count", "hasMore", "items", "offset", "totalResults"}
    assert body["count"] == 5 and body["offset"] == 5 and body["hasMore"] is True
    rels = {link["rel"]: link["href"] for link in body["links"]}
    assert set(rels) == {"first", "prev", "next", "last", "self"}
    assert rels["next"].endswith("/services/rest/query/v1/suiteql?limit=5&offset=10")
    assert rels["prev"].endswith("limit=5&offset=0")
    for item in body["items"]:
        assert item["links"] == []
        assert set(item) == {"links", "id", "number"}


def test_values_come_back_as_text_and_null_columns_are_left_out(netsuite_sandbox, http):
    items = rows(
        http, netsuite_sandbox, "SELECT id, memo, foreigntotal, voided FROM transaction WHERE type = 'CustInvc'"
    )
    assert all(isinstance(v, str) for item in items for k, v in item.items() if k != "links")
    assert any("memo" not in item for item in items), "invoices without a memo must omit the key"
    assert {item["voided"] for item in items} <= {"T", "F"}
    assert all(re.fullmatch(r"-?\d*\.?\d+", item["foreigntotal"]) for item in items)


def test_dates_without_to_char_come_back_in_account_format(netsuite_sandbox, http):
    item = rows(
        http,
        netsuite_sandbox,
        "SELECT trandate, lastmodifieddate, TO_CHAR(lastmodifieddate, "
        "'YYYY-MM-DD HH24:MI:SS') AS lm FROM transaction WHERE type = 'CustInvc'",
        limit=1,
    )[0]
    assert re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", item["trandate"])
    assert re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", item["lastmodifieddate"]), "date-times lose their time"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", item["lm"])


def test_to_timestamp_filter_and_to_char_round_trip(netsuite_sandbox, http):
    newest = rows(
        http,
        netsuite_sandbox,
        "SELECT TO_CHAR(MAX(lastmodifieddate), 'YYYY-MM-DD HH24:MI:SS') AS m FROM transaction WHERE type = 'CustInvc'",
    )[0]["m"]
    found = rows(
        http,
        netsuite_sandbox,
        "SELECT id FROM transaction WHERE type = 'CustInvc' AND lastmodifieddate >= "
        "TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')",
        [newest],
    )
    assert len(found) >= 1
    later = rows(
        http,
        netsuite_sandbox,
        "SELECT id FROM transaction WHERE lastmodifieddate > "
        "TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS') AND type = 'CustInvc'",
        [newest],
    )
    assert later == []


def test_builtin_df_gives_status_labels_with_record_type(netsuite_sandbox, http):
    items = rows(
        http,
        netsuite_sandbox,
        "SELECT status, BUILTIN.DF(status) AS label FROM transaction "
        "WHERE type = 'CustInvc' GROUP BY status, BUILTIN.DF(status)",
    )
    labels = {item["status"]: item["label"] for item in items}
    assert labels["A"] == "Invoice : Open"
    assert labels["B"] == "Invoice : Paid In Full"
    assert labels["V"] == "Invoice : Voided"


def test_join_count_and_group_by(netsuite_sandbox, http):
    items = rows(
        http,
        netsuite_sandbox,
        "SELECT c.id, c.companyname, COUNT(*) AS n, SUM(t.foreigntotal) AS total "
        "FROM transaction t JOIN customer c ON c.id = t.entity WHERE t.type = 'CustInvc' "
        "GROUP BY c.id, c.companyname ORDER BY n DESC",
    )
    assert items and int(items[0]["n"]) >= int(items[-1]["n"])
    total = sum(int(item["n"]) for item in items)
    assert total == int(
        rows(http, netsuite_sandbox, "SELECT COUNT(*) AS n FROM transaction WHERE type = 'CustInvc'")[0]["n"]
    )


def test_unaliased_expressions_are_named_expr_n(netsuite_sandbox, http):
    item = rows(http, netsuite_sandbox, "SELECT COUNT(*), MAX(id) FROM customer")[0]
    assert set(item) == {"links", "expr1", "expr2"}


def test_like_is_case_sensitive_like_oracle(netsuite_sandbox, http):
    assert rows(http, netsuite_sandbox, "SELECT id FROM transaction WHERE tranid LIKE 'inv%'") == []
    assert rows(http, netsuite_sandbox, "SELECT id FROM transaction WHERE tranid LIKE 'INV%'", limit=1)


def test_params_are_data_not_sql(netsuite_sandbox, http):
    hostile = ["x' OR '1'='1", "1; DROP TABLE customer --", "/* */ OR 1=1"]
    for value in hostile:
        assert rows(http, netsuite_sandbox, "SELECT id FROM customer WHERE companyname = ?", [value]) == []
    assert rows(http, netsuite_sandbox, "SELECT COUNT(*) AS n FROM customer")[0]["n"] == "12"


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("SELECT id FROM invoices", "Record 'invoices' was not found"),
        ("SELECT nonexistent FROM transaction", "Field 'nonexistent'"),
        ("SELECT ns_deposit FROM transaction", "Field 'ns_deposit'"),
        ("SELECT id FROM ns_apply", "Record 'ns_apply' was not found"),
        ("SELECT FOO(id) FROM transaction", "Unknown function FOO"),
        ("DELETE FROM transaction", "DELETE is not allowed"),
        ("UPDATE customer SET email = 'x'", "not allowed"),
        ("SELECT id FROM customer; SELECT id FROM transaction", "exactly one SELECT"),
        ("SELECT id FROM transaction WHERE id IN (SELECT id FROM customer)", "SUBQUERY"),
        ("SELECT id, type FROM transaction GROUP BY id", "not a GROUP BY expression"),
        ("SELECT id FROM transaction t, customer c", "ambiguous"),
        ("SELECT id FROM transaction WHERE trandate > ?", None),
        ("SELEC id FROM transaction", "syntax error"),
        ("SELECT id FROM customer WHERE id = :id", "named bind variables"),
        ("SELECT id FROM customer WITH_ALIAS LIMIT 5", None),
    ],
)
def test_unknown_sql_is_refused_with_a_search_error(netsuite_sandbox, http, query, fragment):
    params = ["2025-01-01"] if "?" in query else None
    response = suiteql(http, netsuite_sandbox, query, params)
    assert response.status_code == 400
    detail = error_detail(response)
    assert detail["o:errorCode"] == "INVALID_PARAMETER"
    assert detail["detail"].startswith("Invalid search query.")
    if fragment:
        assert fragment in detail["detail"]


def test_comments_are_ignored_not_executed(netsuite_sandbox, http):
    query = "SELECT COUNT(*) AS n /* count */ FROM customer -- */ DELETE FROM customer"
    assert rows(http, netsuite_sandbox, query) == [{"links": [], "n": "12"}]


def test_a_bare_text_compared_with_a_date_must_be_in_account_format(netsuite_sandbox, http):
    iso = suiteql(http, netsuite_sandbox, "SELECT id FROM transaction WHERE trandate >= ?", ["2025-01-01"])
    assert iso.status_code == 400 and "TO_DATE" in error_detail(iso)["detail"]
    us = suiteql(http, netsuite_sandbox, "SELECT COUNT(*) AS n FROM transaction WHERE trandate >= ?", ["1/1/2000"])
    assert us.status_code == 200


def test_parameter_count_must_match_the_placeholders(netsuite_sandbox, http):
    response = suiteql(http, netsuite_sandbox, "SELECT id FROM customer WHERE id = ? AND email = ?", [101])
    assert response.status_code == 400
    assert error_detail(response)["o:errorCode"] == "INVALID_PARAMETER"
    assert "2 bind variable" in error_detail(response)["detail"]


def test_prefer_transient_header_is_required(netsuite_sandbox, http):
    response = suiteql(http, netsuite_sandbox, "SELECT id FROM customer", prefer=None)
    assert response.status_code == 400
    assert "Prefer: transient" in error_detail(response)["detail"]
