"""Load the SQL kept in include/sql/."""

from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import TextClause, text

SQL_DIR = Path(__file__).resolve().parents[2] / "include" / "sql"


@functools.cache
def load_sql(name: str) -> TextClause:
    """``load_sql("ledger/claim.sql")`` -> a bindable statement."""
    return text((SQL_DIR / name).read_text())
