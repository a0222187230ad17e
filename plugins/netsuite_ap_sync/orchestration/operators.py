"""Airflow operators that run one sync step for one partner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import BaseOperator

from netsuite_ap_sync.orchestration.registry import known_step


class PartnerSyncOperator(BaseOperator):
    """Run a named step of the sync pipeline (``netsuite_ap_sync.orchestration.registry``) for one partner.

    The step gets a run context (partner, warehouse, run id) and ``arguments``;
    its small summary dict is the task's return value. A partner whose NetSuite
    grant is gone is set to ``reconnect_required`` and the task fails without
    retries (C4), as it does for an unknown partner, a missing connection and
    every other error no retry can fix. Secrets never reach XCom: steps return
    counts and ids only. A step name not in the registry fails the DAG file's
    parse, listing the known ones.
    """

    template_fields: Sequence[str] = ("partner_id", "arguments", "dry_run")
    ui_color = "#e8f1fb"

    def __init__(
        self,
        *,
        step: str,
        partner_id: str,
        arguments: dict[str, Any] | None = None,
        dry_run: bool | str = False,
        warehouse_conn_id: str = "warehouse_default",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.step = known_step(step)
        self.partner_id = partner_id
        self.arguments = arguments or {}
        self.dry_run = dry_run
        self.warehouse_conn_id = warehouse_conn_id

    @classmethod
    def partial(cls, *, step: str, **kwargs: Any):
        # A mapped task is only built when it runs; its step name is checked when the DAG is parsed.
        return super().partial(step=known_step(step), **kwargs)

    def execute(self, context) -> Any:
        from netsuite_ap_sync.engine.context import context_for
        from netsuite_ap_sync.engine.errors import fail_at_once
        from netsuite_ap_sync.orchestration.registry import resolve
        from netsuite_ap_sync.partners.status import partner_guard

        step = resolve(self.step)
        dry_run = _flag(self.dry_run)
        with fail_at_once():
            ctx = context_for(
                str(self.partner_id),
                run_id=context["run_id"],
                dag_id=self.dag_id,
                dry_run=dry_run,
                warehouse_conn_id=self.warehouse_conn_id,
            )
        with partner_guard(ctx):
            return step(ctx, **(self.arguments or {}))


class _CycleOperator(BaseOperator):
    """What the three tasks that find a scheduled run's partners share: the cycle and the run's form."""

    template_fields: Sequence[str] = ("only", "dry_run")
    ui_color = "#fdf3d8"

    def __init__(
        self,
        *,
        cycle: str,
        only: str | None = None,
        dry_run: bool | str = False,
        warehouse_conn_id: str = "warehouse_default",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.cycle = cycle
        self.only = only
        self.dry_run = dry_run
        self.warehouse_conn_id = warehouse_conn_id


class ProbePlanOperator(_CycleOperator):
    """The partners whose work only a probe can tell (``find_work.plan_probes``), in slices: one
    ``probe`` task each."""

    def execute(self, context) -> list[list[str]]:
        from netsuite_ap_sync.engine.errors import fail_at_once
        from netsuite_ap_sync.orchestration.find_work import plan_probes

        with fail_at_once():
            return plan_probes(self.cycle, only=self.only or None, warehouse_conn_id=self.warehouse_conn_id)


class PartnerProbeOperator(_CycleOperator):
    """One slice of partners probed for work (``find_work.probe_partners``): partner -> why it has
    work, or ``None``. Mapped over the plan's slices, each labelled with its partners."""

    template_fields: Sequence[str] = ("partner_ids", "dry_run")

    def __init__(self, *, partner_ids: list[str], **kwargs: Any):
        super().__init__(**kwargs)
        self.partner_ids = partner_ids

    def execute(self, context) -> dict[str, str | None]:
        from netsuite_ap_sync.engine.errors import fail_at_once
        from netsuite_ap_sync.orchestration.find_work import probe_partners

        with fail_at_once():
            return probe_partners(
                self.cycle,
                list(self.partner_ids),
                context["run_id"],
                dry_run=_flag(self.dry_run),
                warehouse_conn_id=self.warehouse_conn_id,
            )


class PartnersWithWorkOperator(_CycleOperator):
    """The partners a scheduled run maps over: those with work (``netsuite_ap_sync.orchestration.find_work``),
    longest-waiting first and capped below ``max_map_length``, or the one named.

    Runs once every probe task has ended, failed ones included (their partners are taken, and their
    own tasks report the failure). Its return value feeds one mapped task group per partner.
    """

    def __init__(self, *, plan_task_id: str, probe_task_id: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.plan_task_id = plan_task_id
        self.probe_task_id = probe_task_id

    def execute(self, context) -> list[str]:
        from airflow.sdk.exceptions import AirflowFailException

        from netsuite_ap_sync.engine.errors import fail_at_once
        from netsuite_ap_sync.orchestration.find_work import Probed, find_work

        ti = context["ti"]
        slices = ti.xcom_pull(task_ids=self.plan_task_id)
        if slices is None:
            raise AirflowFailException(f"{self.plan_task_id} did not finish: nothing to choose from")
        answers = ti.xcom_pull(task_ids=[self.probe_task_id]) if slices else []
        with fail_at_once():
            return find_work(
                self.cycle,
                context["run_id"],
                only=self.only or None,
                dry_run=_flag(self.dry_run),
                warehouse_conn_id=self.warehouse_conn_id,
                probed=Probed.from_tasks(slices, list(answers or [])),
            )


def _flag(value: bool | str) -> bool:
    """A templated boolean Param: native, or its text."""
    return value if isinstance(value, bool) else str(value).lower() == "true"
