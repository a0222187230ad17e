"""A partner brought to the state right after a complete sync: C1/C2 as the initial-sync DAG runs them."""

from __future__ import annotations

from bench.partner import Partner


def initial_sync(partner: Partner) -> dict:
    from netsuite_ap_sync.flows import initial_sync as init

    return init.run_in_one_process(partner.ctx("netsuite_initial_sync"))
