"""F4a/F4b set-up: an account per fee kind, checked against NetSuite's account types like the others."""

from __future__ import annotations

from netsuite_ap_sync.partners.accounts import Account, fee_account_problems
from netsuite_ap_sync.tools.partners_cli import fee_account_args

ACCOUNTS = {
    "30": Account("30", "6100", "Bank Fees", "Expense"),
    "31": Account("31", "6200", "Late Fees", "OthExpense"),
    "40": Account("40", "4900", "Surcharge Income", "Income"),
}


def test_F4a_F4b_fee_accounts_of_the_right_types_pass():
    chosen = {"FT_METHOD": "30", "FT_LATE_PAYMENT": "31", "covered_by_customer": "40"}
    assert fee_account_problems(chosen, ACCOUNTS) == []


def test_F4b_customer_covered_fees_take_an_income_account_not_an_expense_one():
    [problem] = fee_account_problems({"covered_by_customer": "30"}, ACCOUNTS)
    assert "is of type Expense, expected Income or OthIncome" in problem


def test_F4a_fee_type_takes_an_expense_account_that_netsuite_has():
    problems = fee_account_problems({"FT_INTEREST": "40", "FT_PRODUCT": "99", "FT_BOGUS": "30"}, ACCOUNTS)
    assert any("unknown fee kind 'FT_BOGUS'" in p for p in problems)
    assert any("FT_PRODUCT" in p and "no active account with internal id '99'" in p for p in problems)
    assert any("FT_INTEREST" in p and "expected Expense or OthExpense" in p for p in problems)


def test_F4a_cli_fee_account_options():
    assert fee_account_args(None) is None
    assert fee_account_args(["FT_LATE_PAYMENT=31", "covered_by_customer=40"]) == {
        "FT_LATE_PAYMENT": "31",
        "covered_by_customer": "40",
    }
    try:
        fee_account_args(["FT_LATE_PAYMENT"])
    except ValueError as exc:
        assert "expected KIND=ID" in str(exc)
    else:
        raise AssertionError("a value without '=' is refused")
