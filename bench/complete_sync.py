"""A partner brought to the state right after a complete sync: C1/C2 as the initial-sync DAG runs them."""

from __future__ import annotations

from bench.partner import Partner


def initial_sync(partner: Partner) -> dict:
    from netsuite_ap_sync.orchestration.run_steps import run_in_order

    return run_in_order(partner.ctx("netsuite_initial_sync"), "initial")
