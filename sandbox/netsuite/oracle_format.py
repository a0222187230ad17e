"""Oracle date-time format models (TO_CHAR, TO_DATE, TO_TIMESTAMP) over Python datetimes.

Only the elements integrations use are known; anything else is an error, as in
Oracle (ORA-01821), rather than a silently wrong value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

MONTHS = [
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
]
DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


class FormatError(ValueError):
    """A format model, or a value that does not match one."""


def _hour12(moment: datetime) -> str:
    return f"{(moment.hour % 12) or 12:02d}"


def _meridian(moment: datetime) -> str:
    return "AM" if moment.hour < 12 else "PM"


# element -> (formatter, parse pattern, parsed field)
_ELEMENTS: dict[str, tuple[Callable[[datetime], str], str, str]] = {
    "YYYY": (lambda m: f"{m.year:04d}", r"\d{4}", "year"),
    "MONTH": (lambda m: MONTHS[m.month - 1].ljust(9), r"[A-Za-z]+\s*", "month_name"),
    "MON": (lambda m: MONTHS[m.month - 1][:3], r"[A-Za-z]{3}", "month_abbr"),
    "MM": (lambda m: f"{m.month:02d}", r"\d{1,2}", "month"),
    "DDD": (lambda m: f"{m.timetuple().tm_yday:03d}", r"\d{1,3}", "yday"),
    "DD": (lambda m: f"{m.day:02d}", r"\d{1,2}", "day"),
    "DAY": (lambda m: DAYS[m.weekday()].ljust(9), r"[A-Za-z]+\s*", "ignore"),
    "DY": (lambda m: DAYS[m.weekday()][:3], r"[A-Za-z]{3}", "ignore"),
    "HH24": (lambda m: f"{m.hour:02d}", r"\d{1,2}", "hour"),
    "HH12": (_hour12, r"\d{1,2}", "hour12"),
    "HH": (_hour12, r"\d{1,2}", "hour12"),
    "MI": (lambda m: f"{m.minute:02d}", r"\d{1,2}", "minute"),
    "SS": (lambda m: f"{m.second:02d}", r"\d{1,2}", "second"),
    "FF": (lambda m: f"{m.microsecond:06d}", r"\d{1,9}", "fraction"),
    "AM": (_meridian, r"[AaPp][Mm]", "meridian"),
    "PM": (_meridian, r"[AaPp][Mm]", "meridian"),
    "YY": (lambda m: f"{m.year % 100:02d}", r"\d{2}", "year2"),
}
_ORDER = sorted(_ELEMENTS, key=len, reverse=True)
_PUNCTUATION = set(" -/,.;:")


@lru_cache(maxsize=256)
def compile_format(model: str) -> tuple[tuple[str, str], ...]:
    """Split a format model into ('element', NAME) and ('literal', text) parts."""
    parts: list[tuple[str, str]] = []
    i = 0
    upper = model.upper()
    while i < len(model):
        char = model[i]
        if char == '"':
            end = model.find('"', i + 1)
            if end < 0:
                raise FormatError(f"unterminated quoted text in date format {model!r}")
            parts.append(("literal", model[i + 1 : end]))
            i = end + 1
            continue
        if char in _PUNCTUATION:
            parts.append(("literal", char))
            i += 1
            continue
        name = next((n for n in _ORDER if upper.startswith(n, i)), None)
        if name is None:
            raise FormatError(f"date format not recognized: {model!r} (at {model[i:]!r})")
        parts.append(("element", name))
        i += len(name)
    return tuple(parts)


def format_datetime(moment: datetime, model: str) -> str:
    out = []
    for kind, text in compile_format(model):
        out.append(text if kind == "literal" else _ELEMENTS[text][0](moment))
    return "".join(out)


@lru_cache(maxsize=256)
def _parser(model: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    pattern, names = [], []
    for kind, text in compile_format(model):
        if kind == "literal":
            pattern.append(re.escape(text) if text != " " else r"\s+")
        else:
            _, regex, field = _ELEMENTS[text]
            pattern.append(f"({regex})")
            names.append(field)
    return re.compile("".join(pattern) + r"\s*\Z"), tuple(names)


def parse_datetime(value: str, model: str) -> datetime:
    """Parse ``value`` with ``model`` strictly: the whole value must match."""
    regex, names = _parser(model)
    match = regex.match(value.strip())
    if match is None:
        raise FormatError(f"literal does not match format string: {value!r} for {model!r}")
    fields: dict[str, int] = {"year": 1, "month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0}
    hour12: int | None = None
    meridian: str | None = None
    for name, raw in zip(names, match.groups(), strict=True):
        if name == "ignore":
            continue
        if name in ("month_name", "month_abbr"):
            fields["month"] = _month_number(raw.strip())
        elif name == "year2":
            fields["year"] = 2000 + int(raw)
        elif name == "hour12":
            hour12 = int(raw)
        elif name == "meridian":
            meridian = raw.upper()
        elif name == "fraction":
            fields["microsecond"] = int(raw[:6].ljust(6, "0"))
        elif name == "yday":
            fields["yday"] = int(raw)
        else:
            fields[name] = int(raw)
    if hour12 is not None:
        if not 1 <= hour12 <= 12:
            raise FormatError(f"hour must be between 1 and 12: {value!r}")
        fields["hour"] = hour12 % 12 + (12 if meridian == "PM" else 0)
    yday = fields.pop("yday", None)
    try:
        moment = datetime(**fields)
    except ValueError as exc:
        raise FormatError(f"{exc}: {value!r}") from None
    if yday is not None:
        moment = datetime.strptime(f"{moment.year} {yday}", "%Y %j").replace(
            hour=moment.hour, minute=moment.minute, second=moment.second
        )
    return moment


def _month_number(name: str) -> int:
    upper = name.upper()
    for index, month in enumerate(MONTHS, start=1):
        if month == upper or month[:3] == upper:
            return index
    raise FormatError(f"not a valid month: {name!r}")
