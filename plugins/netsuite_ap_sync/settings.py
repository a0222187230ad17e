"""Numbers read from the environment, where a bad value is an error naming the variable."""

from __future__ import annotations

import os


def env_number(name: str, default: float, *, whole: bool = False, low: float | None = None, high: float | None = None):
    """``name`` as a number (an int when ``whole``), ``default`` when unset or blank; a value that is
    not a number, or lies outside [``low``, ``high``], raises ValueError saying what was expected."""
    raw = os.environ.get(name, "").strip()
    expected = _expected(whole, low, high)
    try:
        value = (int(raw) if whole else float(raw)) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be {expected}, got {raw!r}") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {expected}, got {raw!r}")
    return value


def _expected(whole: bool, low: float | None, high: float | None) -> str:
    kind = "a whole number" if whole else "a number"
    if low is not None and high is not None:
        return f"{kind} from {low:g} to {high:g}"
    if low is not None:
        return f"{kind} of at least {low:g}"
    return f"{kind} of at most {high:g}" if high is not None else kind
