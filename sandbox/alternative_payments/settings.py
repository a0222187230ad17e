"""Settings of one sandbox instance (one AP partner account, one API key pair)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from sandbox.alternative_payments.errors import ApiError

DEMO_CLIENT_ID = "ap-demo-client"
DEMO_CLIENT_SECRET = "ap-demo-secret-change-me"
MAX_PDF_BYTES = 10 * 1024 * 1024


@dataclass
class AlternativePaymentsSettings:
    """Everything that shapes how the sandbox behaves; most of it can change at run time.

    ``rate_limit_per_second`` feeds a token bucket per API key (see README); 0 turns it off.
    Fault rates are probabilities in [0, 1] applied to every API request (not ``/_sandbox``).
    ``repeat_cursor`` makes list endpoints hand back the cursor they were given, as a
    misbehaving server would, so clients can prove they refuse to loop.
    """

    client_id: str = DEMO_CLIENT_ID
    client_secret: str = DEMO_CLIENT_SECRET
    token_ttl_seconds: int = 3600
    rate_limit_per_second: float = 5.0
    latency_ms: float = 0.0
    fault_429_rate: float = 0.0
    fault_500_rate: float = 0.0
    fault_drop_rate: float = 0.0
    seed: int | None = None
    repeat_cursor: bool = False
    payout_fee_percent: Decimal = Decimal("2.9")
    payout_fee_fixed: Decimal = Decimal("0.30")
    max_pdf_bytes: int = MAX_PDF_BYTES

    def __post_init__(self) -> None:
        errors = _check(asdict(self))
        if errors:
            raise ValueError(f"invalid sandbox settings: {errors}")
        self.payout_fee_percent = Decimal(str(self.payout_fee_percent))
        self.payout_fee_fixed = Decimal(str(self.payout_fee_fixed))

    def public(self) -> dict[str, Any]:
        """Settings as JSON, without the client secret."""
        data = asdict(self)
        data.pop("client_secret")
        data["payout_fee_percent"] = str(self.payout_fee_percent)
        data["payout_fee_fixed"] = str(self.payout_fee_fixed)
        return data

    def update(self, changes: dict[str, Any]) -> None:
        """Apply run-time changes (``POST /_sandbox/settings``); credentials stay fixed."""
        unknown = [key for key in changes if key not in RUNTIME_FIELDS]
        errors = {key: "not a run-time setting" for key in unknown}
        errors.update(_check(changes))
        if errors:
            raise ApiError.validation(errors)
        for key, value in changes.items():
            if key in ("payout_fee_percent", "payout_fee_fixed"):
                value = Decimal(str(value))
            elif key in _FLOATS:
                value = float(value)
            setattr(self, key, value)


RUNTIME_FIELDS = {f.name for f in fields(AlternativePaymentsSettings)} - {"client_id", "client_secret"}
_RATES = ("fault_429_rate", "fault_500_rate", "fault_drop_rate")
_FLOATS = ("rate_limit_per_second", "latency_ms", *_RATES)
_NON_NEGATIVE = ("rate_limit_per_second", "latency_ms", "payout_fee_percent", "payout_fee_fixed")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _check(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key in _RATES:
        if key in values and not (_is_number(values[key]) and 0 <= values[key] <= 1):
            errors[key] = "must be a number between 0 and 1"
    for key in _NON_NEGATIVE:
        if key in values and not _non_negative(values[key]):
            errors[key] = "must be a number >= 0"
    for key in ("token_ttl_seconds", "max_pdf_bytes"):
        if key in values and not (isinstance(values[key], int) and values[key] > 0):
            errors[key] = "must be a positive integer"
    if "seed" in values and values["seed"] is not None and not isinstance(values["seed"], int):
        errors["seed"] = "must be an integer or null"
    if "repeat_cursor" in values and not isinstance(values["repeat_cursor"], bool):
        errors["repeat_cursor"] = "must be true or false"
    return errors


def _non_negative(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except InvalidOperation:
            return False
    return _is_number(value) and value >= 0
