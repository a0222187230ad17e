"""The record service's collection filter ``?q=``: ``field OPERATOR value`` joined by AND / OR.

Values are bound, never pasted into SQL. Unknown fields or operators answer
400 INVALID_PARAMETER.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sandbox.netsuite.errors import invalid_parameter

TEXT, NUMBER, BOOL, DAY = "text", "number", "bool", "date"

_TRANSACTION_FIELDS = {
    "id": ("id", NUMBER),
    "externalId": ("externalid", TEXT),
    "tranId": ("tranid", TEXT),
    "tranDate": ("trandate", DAY),
    "lastModifiedDate": ("lastmodifieddate", DAY),
    "createdDate": ("createddate", DAY),
    "memo": ("memo", TEXT),
    "currency": ("currency", NUMBER),
}
FILTER_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "customer": {
        "id": ("id", NUMBER),
        "externalId": ("externalid", TEXT),
        "entityId": ("entityid", TEXT),
        "companyName": ("companyname", TEXT),
        "email": ("email", TEXT),
        "isInactive": ("isinactive", BOOL),
        "lastModifiedDate": ("lastmodifieddate", DAY),
        "dateCreated": ("datecreated", DAY),
        "currency": ("currency", NUMBER),
    },
    "invoice": {**_TRANSACTION_FIELDS, "entity": ("entity", NUMBER), "dueDate": ("duedate", DAY)},
    "customerpayment": {**_TRANSACTION_FIELDS, "customer": ("entity", NUMBER)},
    "creditmemo": {**_TRANSACTION_FIELDS, "entity": ("entity", NUMBER)},
    "customerrefund": {**_TRANSACTION_FIELDS, "customer": ("entity", NUMBER)},
    "deposit": dict(_TRANSACTION_FIELDS),
    "account": {
        "id": ("id", NUMBER),
        "acctNumber": ("acctnumber", TEXT),
        "acctType": ("accttype", TEXT),
        "isInactive": ("isinactive", BOOL),
        "currency": ("currency", NUMBER),
    },
}
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|\S+')
_NO_VALUE = {"EMPTY", "EMPTY_NOT"}
_COMPARE = {
    "EQUAL": "=",
    "NOT_EQUAL": "<>",
    "GREATER": ">",
    "GREATER_OR_EQUAL": ">=",
    "LESS": "<",
    "LESS_OR_EQUAL": "<=",
}


def where_clause(record_type: str, query: str | None) -> tuple[str, list]:
    """SQL (to AND onto the type's own filter) and its parameters; ('1 = 1', []) when there is no q."""
    if not query or not query.strip():
        return "1 = 1", []
    tokens = _TOKEN.findall(query)
    fields = FILTER_FIELDS[record_type]
    groups: list[list[str]] = [[]]
    params: list = []
    position = 0
    while position < len(tokens):
        if groups[-1]:
            joiner = tokens[position].upper()
            if joiner not in ("AND", "OR"):
                raise invalid_parameter(f"Invalid query: expected AND or OR at {tokens[position]!r}.", "q")
            if joiner == "OR":
                groups.append([])
            position += 1
        condition, position = _condition(tokens, position, fields, params)
        groups[-1].append(condition)
    return "(" + " OR ".join("(" + " AND ".join(group) + ")" for group in groups) + ")", params


def _condition(tokens: list[str], position: int, fields: dict, params: list) -> tuple[str, int]:
    if position + 1 >= len(tokens):
        raise invalid_parameter("Invalid query: a condition needs a field and an operator.", "q")
    name, operator = tokens[position], tokens[position + 1].upper()
    if name not in fields:
        raise invalid_parameter(
            f"Invalid query: the field {name!r} cannot be used in q. Use one of {sorted(fields)}.", "q"
        )
    column, kind = fields[name]
    if operator in _NO_VALUE:
        return (f"{column} IS NULL" if operator == "EMPTY" else f"{column} IS NOT NULL"), position + 2
    if position + 2 >= len(tokens):
        raise invalid_parameter(f"Invalid query: {name} {operator} needs a value.", "q")
    raw = tokens[position + 2]
    return _compare(column, kind, operator, raw, params), position + 3


def _compare(column: str, kind: str, operator: str, raw: str, params: list) -> str:
    if operator == "ANY_OF":
        values = [_typed(kind, v.strip()) for v in raw.strip("[]").split(",") if v.strip()]
        params.extend(values)
        return f"{column} IN ({', '.join('?' for _ in values)})" if values else "0 = 1"
    value = _unquote(raw)
    if kind == DAY:
        return _date_compare(column, operator, value, params)
    if operator in ("IS", "IS_NOT") or operator in _COMPARE:
        params.append(_typed(kind, value))
        symbol = {"IS": "=", "IS_NOT": "<>"}.get(operator) or _COMPARE[operator]
        return f"{column} {symbol} ?"
    if kind == TEXT and operator in ("START_WITH", "CONTAIN", "END_WITH", "START_WITH_NOT", "CONTAIN_NOT"):
        pattern = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(
            {"START_WITH": f"{pattern}%", "END_WITH": f"%{pattern}", "START_WITH_NOT": f"{pattern}%"}.get(
                operator, f"%{pattern}%"
            )
        )
        negate = "NOT " if operator.endswith("_NOT") else ""
        return f"{column} {negate}LIKE ? ESCAPE '\\'"
    raise invalid_parameter(f"Invalid query: the operator {operator} cannot be used with this field.", "q")


def _date_compare(column: str, operator: str, value: str, params: list) -> str:
    day = _parse_day(value)
    start = day.isoformat() + " 00:00:00"
    after = (day + timedelta(days=1)).isoformat() + " 00:00:00"
    forms = {
        "ON": (f"({column} >= ? AND {column} < ?)", [start, after]),
        "AFTER": (f"{column} >= ?", [after]),
        "ON_OR_AFTER": (f"{column} >= ?", [start]),
        "BEFORE": (f"{column} < ?", [start]),
        "ON_OR_BEFORE": (f"{column} < ?", [after]),
    }
    if operator not in forms:
        raise invalid_parameter(f"Invalid query: the operator {operator} cannot be used with dates.", "q")
    sql, values = forms[operator]
    params.extend(values)
    return sql


def _parse_day(value: str) -> date:
    for pattern in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise invalid_parameter(f"Invalid query: {value!r} is not a date (use M/D/YYYY).", "q")


def _typed(kind: str, raw: str) -> object:
    value = _unquote(raw)
    if kind == NUMBER:
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            raise invalid_parameter(f"Invalid query: {value!r} is not a number.", "q") from None
    if kind == BOOL:
        if value.lower() not in ("true", "false", "t", "f"):
            raise invalid_parameter(f"Invalid query: {value!r} is not true or false.", "q")
        return "T" if value.lower() in ("true", "t") else "F"
    return value


def _unquote(raw: str) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return re.sub(r"\\(.)", r"\1", raw[1:-1])
    return raw
