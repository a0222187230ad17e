"""Field checks for request bodies, collecting every problem before answering 422.

Like a real API validating AP's published schema, the sandbox rejects unknown fields,
missing required fields, wrong types (``1.0`` where the schema says integer), negative
amounts, more than two decimals, malformed dates and any currency but USD.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sandbox.alternative_payments.errors import ApiError

CURRENCIES = ("USD",)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DUE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000000")


class Fields:
    """Reads typed values out of a JSON object and remembers what was wrong."""

    def __init__(self, body: dict[str, Any], allowed: set[str]) -> None:
        self.body = body
        self.errors: dict[str, str] = {key: "unknown field" for key in body if key not in allowed}

    def given(self, name: str) -> bool:
        return name in self.body

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def _value(self, name: str, required: bool) -> Any:
        value = self.body.get(name)
        if value is None and required:
            self.fail(name, "is required")
        return value

    def string(self, name: str, required: bool = False, max_length: int = 255) -> str | None:
        value = self._value(name, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(name, "must be a non-empty string")
            return None
        if len(value) > max_length:
            self.fail(name, f"must be at most {max_length} characters")
        return value

    def email(self, name: str, required: bool = False) -> str | None:
        value = self.string(name, required)
        if value is not None and not _EMAIL.match(value):
            self.fail(name, "must be an email address")
        return value

    def amount(self, name: str, required: bool = False) -> Decimal | None:
        return check_amount(self, name, self._value(name, required))

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.body.get(name, default)
        if not isinstance(value, bool):
            self.fail(name, "must be true or false")
            return default
        return value

    def choice(self, name: str, options: tuple[str, ...], required: bool = False) -> str | None:
        value = self._value(name, required)
        if value is not None and value not in options:
            self.fail(name, f"must be one of {', '.join(options)}")
            return None
        return value

    def currency(self, name: str = "currency") -> str | None:
        value = self._value(name, required=True)
        if value is not None and value not in CURRENCIES:
            self.fail(name, f"unsupported currency {value!r}: Alternative Payments only supports USD")
        return value

    def due_date(self, name: str = "due_date", required: bool = False) -> date | None:
        value = self._value(name, required)
        if value is None:
            return None
        if isinstance(value, str) and _DUE_DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(name, "must be a date formatted YYYY-MM-DD")
        return None

    def line_items(self, name: str = "line_items", required: bool = False) -> list[dict] | None:
        value = self._value(name, required)
        if value is None:
            return None
        if not isinstance(value, list) or not value:
            self.fail(name, "must be a non-empty list")
            return None
        return [item for i, raw in enumerate(value) if (item := self._line_item(f"{name}[{i}]", raw))]

    def _line_item(self, prefix: str, raw: Any) -> dict | None:
        if not isinstance(raw, dict):
            self.fail(prefix, "must be an object")
            return None
        for key in raw:
            if key not in ("amount", "description", "quantity"):
                self.fail(f"{prefix}.{key}", "unknown field")
        amount = check_amount(self, f"{prefix}.amount", raw.get("amount"), required=True)
        quantity = raw.get("quantity", 1)
        if not _is_integer(quantity) or quantity <= 0:
            # The schema's quantity is an integer: 1.0 is refused like "1".
            self.fail(f"{prefix}.quantity", "must be an integer > 0")
            quantity = None
        description = raw.get("description")
        if not isinstance(description, str) or not description.strip():
            self.fail(f"{prefix}.description", "must be a non-empty string")
        if amount is None or quantity is None:
            return None
        return {"amount": amount, "description": description, "quantity": quantity}

    def done(self) -> None:
        if self.errors:
            raise ApiError.validation(self.errors)


def _is_integer(value: Any) -> bool:
    """A JSON integer: bodies are parsed with decimals for fractions, so ``1.0`` is not one."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def check_amount(fields: Fields, name: str, value: Any, required: bool = False) -> Decimal | None:
    """A JSON number >= 0 with at most two decimals (USD cents)."""
    if value is None:
        if required:
            fields.fail(name, "is required")
        return None
    if not _is_number(value):
        fields.fail(name, "must be a number")
        return None
    amount = Decimal(str(value))
    if not amount.is_finite() or amount < 0:
        fields.fail(name, "must be a number >= 0")
        return None
    if amount != amount.quantize(_CENT):
        fields.fail(name, "must have at most two decimal places")
        return None
    if amount > MAX_AMOUNT:
        fields.fail(name, f"must be at most {MAX_AMOUNT}")
        return None
    return amount.quantize(_CENT)


def parse_timestamp(value: str) -> datetime | None:
    """An RFC 3339 timestamp with a time zone, or None when it is not one."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if "T" not in value.upper() or moment.tzinfo is None:
        return None
    return moment
