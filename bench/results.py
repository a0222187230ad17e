"""Figures: what one scenario measured, against its bound or peer, and the table and JSON of them."""

from __future__ import annotations

import json
import operator
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

_COMPARE = {"<=": operator.le, ">=": operator.ge}


@dataclass
class Figure:
    """``ratio`` is checked against ``target`` ("<= 1.25", ">= 4"); ``extra_ok`` adds a second condition."""

    name: str
    value: float
    unit: str
    bound: float | None
    ratio: float
    target: str
    extra_ok: bool = True
    notes: list[str] = field(default_factory=list)
    # Written to results.json beside the figure when set: how it was measured, and the parts it sums up.
    detail: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        op, threshold = self.target.split()
        return _COMPARE[op](self.ratio, float(threshold)) and self.extra_ok

    def as_json(self) -> dict[str, Any]:
        """The entry written to results.json."""
        entry = {
            "name": self.name,
            "value": round(self.value, 3),
            "unit": self.unit,
            "bound": None if self.bound is None else round(self.bound, 3),
            "ratio": round(self.ratio, 3),
            "target": self.target,
            "ok": self.ok,
        }
        return entry if self.detail is None else {**entry, "detail": self.detail}


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def write_results(figures: list[Figure], path: Path) -> None:
    path.write_text(json.dumps([f.as_json() for f in figures], indent=2) + "\n")


def write_details(figures: list[Figure], machine: dict[str, Any], path: Path) -> None:
    """Everything behind the figures (runs, request counts), for reading after a run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"machine": machine, "figures": [{**asdict(f), "ok": f.ok} for f in figures]}
    path.write_text(json.dumps(body, indent=2, default=str) + "\n")


def table(figures: list[Figure]) -> str:
    header = f"{'name':<22} {'value':>12} {'unit':<16} {'bound':>12} {'ratio':>8} {'target':<8} ok"
    lines = [header, "-" * len(header)]
    for f in figures:
        bound = "-" if f.bound is None else f"{f.bound:,.2f}"
        mark = "yes" if f.ok else "NO"
        lines.append(f"{f.name:<22} {f.value:>12,.2f} {f.unit:<16} {bound:>12} {f.ratio:>8.3f} {f.target:<8} {mark}")
    for f in figures:
        lines.extend(f"  {f.name}: {note}" for note in f.notes)
    return "\n".join(lines)
