"""How big each scenario is: the full benchmark, or a quick pass that only proves the harness runs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    runs: int  # each figure is the median of this many runs...
    big_runs: int  # ...or of this many for the largest scenarios
    extract_invoices: int
    extract_latency: float
    concurrency: int
    ap_invoices: int
    ap_rate: float
    local_rows: int
    memory_small: int
    memory_large: int
    noop_invoices: int
    payments: int
    payments_latency: float
    partners: int = 200
    partner_customers: int = 50
    partner_invoices: int = 500
    partner_cycles: int = 1
    backlog: int = 5_000
    backlog_slice: int = 500
    backlog_runs: int = 2  # runs measured while the backlog lasts
    parallelism: int = 4
    parallel_seeds: int = 2
    latency_payments: int = 200  # per mode
    latency_partners: int = 10
    latency_window: float = 120.0  # seconds the payments are spread over (the poll mode: one cadence)
    latency_customers: int = 20
    latency_invoices: int = 100
    latency_modes: tuple[str, ...] = ("webhooks", "dropped", "poll")


FULL = Sizes(
    runs=3,
    big_runs=1,
    extract_invoices=250_000,
    extract_latency=0.5,
    concurrency=5,
    ap_invoices=5_000,
    ap_rate=50.0,
    local_rows=1_000_000,
    memory_small=100_000,
    memory_large=1_000_000,
    noop_invoices=1_000,
    payments=1_000,
    payments_latency=0.5,
)

QUICK = Sizes(
    runs=1,
    big_runs=1,
    extract_invoices=3_000,
    extract_latency=0.02,
    concurrency=5,
    ap_invoices=100,
    ap_rate=50.0,
    local_rows=3_000,
    memory_small=1_000,
    memory_large=3_000,
    noop_invoices=60,
    payments=20,
    payments_latency=0.02,
    partners=6,
    partner_customers=5,
    partner_invoices=60,
    partner_cycles=1,
    backlog=12,
    backlog_slice=5,
    backlog_runs=4,
    latency_payments=10,
    latency_partners=2,
    latency_window=20.0,
    latency_customers=5,
    latency_invoices=60,
    latency_modes=("webhooks",),
)
