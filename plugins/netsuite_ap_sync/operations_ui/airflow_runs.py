"""The Airflow side of the pages: trigger ``netsuite_sync_partner`` for one partner,
and look up the state of the runs the warehouse's reports name.

Runs in the api-server, which holds Airflow's metadata database. Triggering a
run of this unscheduled DAG never switches any DAG's schedule on.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

SYNC_PARTNER_DAG = "netsuite_sync_partner"


class TriggerRefused(RuntimeError):
    """Airflow could not start the run; the text says why."""


def run_url(dag_id: str, run_id: str) -> str:
    return f"/dags/{dag_id}/runs/{quote(run_id, safe='')}"


def runs_url(dag_id: str) -> str:
    return f"/dags/{dag_id}/runs"


class AirflowRuns:
    """Airflow's metadata database, as the pages need it."""

    def trigger_partner_sync(self, partner_id: str, user_name: str, note: str | None = None) -> str:
        """Queue a run of ``netsuite_sync_partner`` for the partner; return its run id."""
        from airflow.api.common.trigger_dag import trigger_dag
        from airflow.exceptions import DagNotFound, DagRunAlreadyExists
        from airflow.models import DagModel
        from airflow.utils.session import create_session
        from airflow.utils.types import DagRunTriggeredByType

        try:
            run = trigger_dag(
                SYNC_PARTNER_DAG,
                triggered_by=DagRunTriggeredByType.UI,
                triggering_user_name=user_name,
                conf={"partner": partner_id, "dry_run": False},
                note=note,
            )
        except (DagNotFound, DagRunAlreadyExists, ValueError) as exc:
            raise TriggerRefused(f"{SYNC_PARTNER_DAG} could not be triggered: {exc}") from None
        if run is None:
            raise TriggerRefused(f"{SYNC_PARTNER_DAG} could not be triggered")
        with create_session() as session:
            paused = session.get(DagModel, SYNC_PARTNER_DAG).is_paused
        if paused:
            raise TriggerRefused(
                f"run {run.run_id} is queued but {SYNC_PARTNER_DAG} is paused: unpause it (it has no schedule, "
                "so unpausing starts nothing else)"
            )
        return run.run_id

    def states(self, run_ids: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """{(dag_id, run_id): state} of the runs Airflow still knows."""
        from airflow.models import DagRun
        from airflow.utils.session import create_session
        from sqlalchemy import select, tuple_

        wanted = list(set(run_ids))
        if not wanted:
            return {}
        query = select(DagRun.dag_id, DagRun.run_id, DagRun.state).where(
            tuple_(DagRun.dag_id, DagRun.run_id).in_(wanted)
        )
        with create_session() as session:
            return {(d, r): str(s) for d, r, s in session.execute(query)}


def airflow_runs() -> AirflowRuns:
    """The pages' dependency; tests put a stand-in in its place."""
    return AirflowRuns()
