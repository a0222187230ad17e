"""Plain-text tables with headers, for ``partners_cli``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

WIDEST = 60  # a longer cell (a reason, a message) is cut, with '…'


def table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], empty: str = "nothing", widest: int | None = WIDEST
) -> str:
    """Columns padded to their widest cell; ``empty`` when there is no row; ``widest=None`` cuts nothing."""
    cells = [[_cell(value, widest) for value in row] for row in rows]
    if not cells:
        return empty
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
    lines = [headers, ["-" * w for w in widths], *cells]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in lines)


def _cell(value: object, widest: int | None) -> str:
    text = "" if value is None or value is False else " ".join(str(value).split())
    return text if widest is None or len(text) <= widest else text[: widest - 1] + "…"
