"""What chaos runs found: per run and in all."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from chaos.checks import RunCheck


@dataclass
class RunReport:
    number: int
    seed: int
    check: RunCheck | None
    faults: Counter
    kills: int
    kills_by_point: dict[str, int]
    attempts: int
    failed_attempts: int
    seconds: float
    error: str | None = None
    step_results: dict[str, list] = field(default_factory=dict)
    attempt_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.check is not None and self.check.ok

    def line(self, total: int) -> str:
        state = "ok" if self.ok else "FAILED"
        injected = sum(self.faults.values())
        quarantined = self.check.quarantined if self.check else "?"
        return (
            f"run {self.number}/{total} (seed {self.seed}): {state} in {self.seconds:.0f}s; faults {injected}, "
            f"kills {self.kills}, failed attempts {self.failed_attempts}, quarantined {quarantined}"
        )


@dataclass
class ChaosReport:
    runs: list[RunReport]

    @property
    def duplicates(self) -> int:
        return sum(len(r.check.duplicates) for r in self.runs if r.check)

    @property
    def missing(self) -> int:
        return sum(len(r.check.missing) for r in self.runs if r.check)

    @property
    def violations(self) -> int:
        return sum(len(r.check.violations) for r in self.runs if r.check)

    @property
    def quarantined(self) -> int:
        return sum(r.check.quarantined for r in self.runs if r.check)

    @property
    def kills(self) -> int:
        return sum(r.kills for r in self.runs)

    @property
    def faults(self) -> Counter:
        return sum((r.faults for r in self.runs), Counter())

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.runs)

    def summary(self) -> str:
        faults_by_kind = ", ".join(f"{kind} {n}" for kind, n in sorted(self.faults.items()) if n)
        points = sum((Counter(r.kills_by_point) for r in self.runs), Counter())
        return "\n".join(
            [
                f"runs: {len(self.runs)}, duplicates: {self.duplicates}, missing: {self.missing}, "
                f"quarantined: {self.quarantined}",
                f"invariant violations: {self.violations}, failed runs: {sum(not r.ok for r in self.runs)}",
                f"faults injected: {sum(self.faults.values())} ({faults_by_kind})",
                f"kills: {self.kills} ({', '.join(f'{p} {n}' for p, n in sorted(points.items()))})",
                f"task attempts: {sum(r.attempts for r in self.runs)}, "
                f"failed attempts retried: {sum(r.failed_attempts for r in self.runs)}",
            ]
        )

    def problems(self) -> list[str]:
        lines = []
        for r in self.runs:
            if r.error:
                lines.append(f"run {r.number}: {r.error}")
            if r.check:
                lines += [f"run {r.number}: {p}" for p in (*r.check.violations, *r.check.duplicates, *r.check.missing)]
        return lines
