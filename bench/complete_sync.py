"""A partner brought to the state right after a complete sync: C1/C2 as the initial-sync DAG runs them."""

from __future__ import annotations

from bench.partner import Partner


def initial_sync(partner: Partner) -> dict:
    from sync_pipeline import initial_sync as init

    ctx = partner.ctx("netsuite_initial_sync")
    results = {"check": init.check_link(ctx), "begin": init.begin(ctx)}
    results["customers"] = init.sync_customers_first(ctx)
    for phase in init.PHASES:
        results[phase] = [init.run_chunk(ctx, **chunk) for chunk in init.start_phase(ctx, phase)]
        results[f"finish_{phase}"] = init.finish_phase(ctx, phase)
    return results
