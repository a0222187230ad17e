"""A DAG's tasks for one partner, wired from its step list (``registry.STEP_LISTS``); shared by
the scheduled DAGs (after ``find_work``), ``netsuite_sync_partner`` (after its readiness check),
the initial sync and the account set-up.

Imported at parse time, so it imports the operators' module and nothing heavy.
"""

from __future__ import annotations

from typing import Any

import pendulum
from airflow.sdk import BaseOperator, task_group

from netsuite_ap_sync.orchestration.dag_defaults import (
    BY_PARTNER,
    BY_PROBED,
    DRY_RUN,
    ONLY_PARTNER,
    PARTNER_TASKS_AT_ONCE,
)
from netsuite_ap_sync.orchestration.operators import (
    PartnerProbeOperator,
    PartnersWithWorkOperator,
    PartnerSyncOperator,
    ProbePlanOperator,
)
from netsuite_ap_sync.orchestration.registry import STEP_LISTS, DagStep


def wire_steps(steps: str, partner_id, dry_run=False, **operator_args: Any) -> list[BaseOperator]:
    """The tasks of the list ``steps``, each downstream of those it waits for; returns the first ones."""
    tasks: dict[str, Any] = {}
    for planned in STEP_LISTS[steps]:
        task = _task(planned, tasks, partner_id=partner_id, dry_run=dry_run, **operator_args)
        for upstream in planned.after:
            tasks[upstream] >> task
        tasks[planned.task_id] = task
    return [tasks[planned.task_id] for planned in STEP_LISTS[steps] if not planned.after]


def _task(planned: DagStep, tasks: dict[str, Any], **operator_args: Any):
    common = {"task_id": planned.task_id, "step": planned.step, "trigger_rule": planned.trigger_rule}
    if planned.over:
        # One partner's work split in many tasks: never more of them at once than its share of the slots.
        limit = {"max_active_tis_per_dagrun": PARTNER_TASKS_AT_ONCE}
        return PartnerSyncOperator.partial(**common, **limit, **operator_args).expand(
            arguments=tasks[planned.over].output
        )
    arguments = {**planned.arguments, **{name: f"{{{{ params.{name} }}}}" for name in planned.params}}
    return PartnerSyncOperator(**common, arguments=arguments, **operator_args)


def for_partners_with_work(cycle: str, find_work_timeout: pendulum.Duration) -> None:
    """A scheduled DAG's tasks: ``plan_probes`` → ``probe`` (mapped over slices of partners) →
    ``find_work``, then the list ``cycle`` in one task group per partner with work."""
    form = {"cycle": cycle, "only": ONLY_PARTNER, "dry_run": DRY_RUN, "execution_timeout": find_work_timeout}
    plan = ProbePlanOperator(task_id="plan_probes", **form)
    probes = PartnerProbeOperator.partial(task_id="probe", map_index_template=BY_PROBED, **form).expand(
        partner_ids=plan.output
    )
    partners = PartnersWithWorkOperator(
        task_id="find_work", plan_task_id="plan_probes", probe_task_id="probe", trigger_rule="all_done", **form
    )
    plan >> probes >> partners

    @task_group(group_id="partner")
    def partner_sync(partner_id: str):
        wire_steps(cycle, partner_id, DRY_RUN, map_index_template=BY_PARTNER)

    partner_sync.expand(partner_id=partners.output)


def readiness_check(partner_id, **arguments: Any) -> PartnerSyncOperator:
    """C1/C4 and the initial-sync phase checked before a partner's steps, for a run that names one partner
    (the scheduled DAGs do this in ``find_work``)."""
    return PartnerSyncOperator(
        task_id="check_partner", step="partner_ready", partner_id=partner_id, arguments=arguments
    )
