"""What one read into staging counted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Extracted:
    read: int = 0
    staged: int = 0  # new versions (a version re-read unchanged is not staged again)
    lines: int = 0

    def as_dict(self, with_lines: bool = False) -> dict:
        """The stage step's result."""
        out = {"read": self.read, "new_versions": self.staged}
        return {**out, "lines": self.lines} if with_lines else out
