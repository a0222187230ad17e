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


class PartnersWithWorkOperator(BaseOperator):
    """The partners a scheduled run maps over: those with work (``netsuite_ap_sync.orchestration.find_work``),
    longest-waiting first and capped below ``max_map_length``, or the one named.

    Its return value feeds one mapped task group per partner.
    """

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

    def execute(self, context) -> list[str]:
        from netsuite_ap_sync.engine.errors import fail_at_once
        from netsuite_ap_sync.orchestration.find_work import find_work

        with fail_at_once():
            return find_work(
                self.cycle,
                context["run_id"],
                only=self.only or None,
                dry_run=_flag(self.dry_run),
                warehouse_conn_id=self.warehouse_conn_id,
            )


def _flag(value: bool | str) -> bool:
    """A templated boolean Param: native, or its text."""
    return value if isinstance(value, bool) else str(value).lower() == "true"
