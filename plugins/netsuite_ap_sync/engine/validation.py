"""Great Expectations suites per staged object, run on each work set.

Rows that fail an expectation are quarantined with the expectation's name and a
reason a person can act on; the rest of the batch goes on. GX is imported
inside the functions: DAG files must not pay for it at parse time.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

log = logging.getLogger(__name__)

# Alternative Payments documents USD as its only currency.
AP_CURRENCIES = ("USD",)
NS_CLOCK = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
NS_INVOICE_STATUSES = ("Open", "Paid In Full", "Voided", "Pending Approval", "Rejected", "Partially Paid")
AP_PAYMENT_STATUSES = ("pending", "succeeded", "failed", "refunded", "chargeback")
AP_PAYOUT_STATUSES = (
    "unspecified",
    "creating",
    "processing",
    "analyzing",
    "succeeded",
    "scheduled",
    "approved",
    "canceled",
    "pending",
    "failed",
)


@dataclass(frozen=True)
class Check:
    """One expectation and how to explain a row that fails it.

    ``derive`` adds the columns the expectation (or its explanation) reads that the row
    does not hold (frame, context -> column names and values), computed once per batch.
    """

    name: str
    build: Callable[[dict], object]  # context -> a GX expectation
    explain: Callable[[Mapping[str, Any]], str]  # a failing row (prepared values, raw_* as received)
    derive: Callable[[pd.DataFrame, dict], dict[str, pd.Series]] | None = None


@dataclass(frozen=True)
class RowFailure:
    row_id: int
    source_id: str
    check: str
    reason: str


def _gxe():
    import great_expectations.expectations as gxe

    return gxe


def _present(column: str, label: str) -> Check:
    return Check(
        f"{column}_present",
        lambda _c: _gxe().ExpectColumnValuesToNotBeNull(column=column),
        lambda row: f"{label} is missing or not readable (received: {_raw(row, column)})",
    )


def _not_negative(column: str, label: str) -> Check:
    return Check(
        f"{column}_not_negative",
        lambda _c: _gxe().ExpectColumnValuesToBeBetween(column=column, min_value=0),
        lambda row: f"{label} is negative ({row[column]})",
    )


def _in_set(column: str, label: str, values: Callable[[dict], Sequence[str]], why: str) -> Check:
    return Check(
        f"{column}_known",
        lambda c: _gxe().ExpectColumnValuesToBeInSet(column=column, value_set=list(values(c))),
        lambda row: f"{label} {row[column]!r} {why}",
    )


def _member(column: pd.Series, known: set[str]) -> pd.Series:
    """Whether each value is in ``known``; None where the value is missing (another check reports it)."""
    return column.isin(known).astype(object).where(column.notna(), None)


def _raw(row: Mapping[str, Any], column: str) -> str:
    """The value as received, for the reason text (typed columns are empty when unreadable)."""
    value = row.get(f"raw_{column}")
    return "missing" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _customer_not_synced(row: Mapping[str, Any]) -> str:
    """Why the invoice's customer is not in AP, in the customer's own words when it has some."""
    reason = row.get("customer_reason")
    if isinstance(reason, str):
        return f"its customer {row['customer_id']!r} is not in AP: {reason}"
    return f"customer {row['customer_id']!r} has not been synced (missing, or itself quarantined)"


_ns_clock = Check(
    "source_modified_format",
    lambda _c: _gxe().ExpectColumnValuesToMatchRegex(column="source_modified", regex=NS_CLOCK),
    lambda row: f"last modified date {row['source_modified']!r} is not 'YYYY-MM-DD HH:MM:SS' in NetSuite's clock",
)
_unique = Check(
    "source_id_unique",
    lambda _c: _gxe().ExpectColumnValuesToBeUnique(column="source_id"),
    lambda row: f"id {row['source_id']!r} appears twice in one batch",
)

SUITES: dict[str, list[Check]] = {
    "customer": [
        _present("source_id", "customer id"),
        _unique,
        _ns_clock,
        _present("entity_id", "customer name/number (entityid)"),
    ],
    "invoice": [
        _present("source_id", "invoice id"),
        _unique,
        _ns_clock,
        _present("tran_id", "invoice number (tranid)"),
        _present("customer_id", "customer (entity)"),
        _present("tran_date", "invoice date"),
        _present("total", "total"),
        _present("amount_unpaid", "amount unpaid"),
        _not_negative("total", "total"),
        _not_negative("amount_unpaid", "amount unpaid"),
        Check(
            "amount_unpaid_le_total",
            lambda _c: _gxe().ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="total", column_B="amount_unpaid", or_equal=True, ignore_row_if="either_value_is_missing"
            ),
            lambda row: f"amount unpaid {row['amount_unpaid']} is above the total {row['total']}",
        ),
        Check(
            "due_date_not_before_tran_date",
            lambda _c: _gxe().ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="due_date", column_B="tran_date", or_equal=True, ignore_row_if="either_value_is_missing"
            ),
            lambda row: f"due date {row['due_date']:%Y-%m-%d} is before the invoice date {row['tran_date']:%Y-%m-%d}",
        ),
        _in_set(
            "currency",
            "currency",
            lambda _c: AP_CURRENCIES,
            f"is not supported by Alternative Payments (supported: {', '.join(AP_CURRENCIES)})",
        ),
        _in_set("status", "NetSuite status", lambda _c: NS_INVOICE_STATUSES, "is not a status this sync knows"),
        Check(
            "customer_known",
            # A look-up in the synced customers, made in the frame: GX copies an expectation's
            # value set many times over, which costs more than the check with thousands of customers.
            lambda _c: _gxe().ExpectColumnValuesToBeInSet(column="customer_synced", value_set=[True]),
            lambda row: _customer_not_synced(row),
            derive=lambda frame, c: {
                "customer_synced": _member(frame["customer_id"], c["known_customers"]),
                "customer_reason": frame["customer_id"].map(c.get("customer_reasons") or {}),
            },
        ),
    ],
    "ap_payment": [
        _present("source_id", "payment id"),
        _unique,
        _present("total", "total"),
        _not_negative("total", "total"),
        _not_negative("sub_total", "sub total"),
        _in_set("status", "payment status", lambda _c: AP_PAYMENT_STATUSES, "is not a status this sync knows"),
    ],
    "ap_payout": [
        _present("source_id", "payout id"),
        _unique,
        _present("total", "total"),
        _not_negative("total", "total"),
        _in_set("status", "payout status", lambda _c: AP_PAYOUT_STATUSES, "is not a status this sync knows"),
    ],
}

_MONEY = ("total", "amount_unpaid", "amount_paid", "sub_total")
_DATES = ("tran_date", "due_date", "arrival_date")


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Typed copies for validation: money as floats (signs and order only), dates as timestamps."""
    out = frame.copy()
    for column in _MONEY:
        if column in out:
            out[column] = pd.to_numeric(out[column], errors="coerce")
    for column in _DATES:
        if column in out:
            out[column] = pd.to_datetime(out[column], errors="coerce", format="mixed")
    # An empty id is no id: the source_id_present check must see it as missing.
    out["source_id"] = out["source_id"].astype("string").replace("", pd.NA)
    return out


def validate(object_type: str, frame: pd.DataFrame, context: dict | None = None) -> list[RowFailure]:
    """Run the object's suite; return one failure per (row, failed check)."""
    if frame.empty:
        return []
    checks = {check.name: check for check in SUITES[object_type]}
    prepared = prepare(frame)
    for check in checks.values():
        if check.derive:
            for name, values in check.derive(prepared, context or {}).items():
                prepared[name] = values
    expectations = [_tagged(c, context or {}) for c in checks.values()]
    result = _run_suite(object_type, _checked_frame(prepared, expectations), expectations)
    by_id = prepared.set_index("id", drop=False)
    failures = []
    for expectation_result in result.results:
        if expectation_result.success:
            continue
        # GX does not keep the suite's order: the check travels in the expectation's meta.
        check = checks[expectation_result.expectation_config.meta["check"]]
        ids = expectation_result.result.get("unexpected_index_list") or []
        for row in _records(by_id.loc[ids]):  # one look-up for all of a check's failures
            source_id = "" if pd.isna(row["source_id"]) else str(row["source_id"])
            failures.append(RowFailure(int(row["id"]), source_id, check.name, check.explain(row)))
    return failures


def _records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as dicts: what ``to_dict("records")`` gives, without its per-cell boxing."""
    columns = list(frame.columns)
    cells = [frame[c].tolist() for c in columns]
    return [dict(zip(columns, values, strict=True)) for values in zip(*cells, strict=True)]


def _checked_frame(prepared: pd.DataFrame, expectations: list) -> pd.DataFrame:
    """The columns the expectations read, indexed by staging row id.

    GX hashes every column of the batch it is given, so the others stay out; and it
    reports failing rows by their index, which is then the row id itself (naming an
    id column instead makes it look each failing row's id up one at a time).
    """
    used = {
        getattr(expectation, field)
        for expectation in expectations
        for field in ("column", "column_A", "column_B")
        if getattr(expectation, field, None)
    }
    checked = prepared[[c for c in prepared.columns if c in used]]
    checked.index = pd.Index(prepared["id"].to_numpy())
    return checked


def _run_suite(object_type: str, frame: pd.DataFrame, expectations: list):
    import great_expectations as gx

    gx_context = _gx_context()
    asset = gx_context.data_sources.get("staged").add_dataframe_asset(f"{object_type}_{id(frame)}")
    batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(name=object_type, expectations=expectations)
    try:
        return batch.validate(suite, result_format={"result_format": "COMPLETE"})
    finally:
        gx_context.data_sources.get("staged").delete_asset(asset.name)


def _tagged(check: Check, context: dict):
    expectation = check.build(context)
    expectation.meta = {"check": check.name}
    return expectation


@functools.cache
def _gx_context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # GX logs every internal registration at INFO; only its warnings matter here.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.data_sources.add_pandas("staged")
    return context
