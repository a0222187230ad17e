"""A DAG's step list run in this process, in the order its tasks may run (tests, chaos, the bench).

Mapped steps run once per argument dict, one after the other, where Airflow spreads them over workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from netsuite_ap_sync.orchestration.registry import STEP_LISTS, DagStep, resolve

if TYPE_CHECKING:
    from netsuite_ap_sync.engine.context import RunContext

# Runs one step with its arguments and returns what the step returned.
StepCall = Callable[[str, dict[str, Any]], Any]


def run_in_order(ctx: RunContext, steps: str, **params: Any) -> dict[str, Any]:
    """Every step of the list ``steps`` (``STEP_LISTS``) on one run context; ``params`` are the DAG's
    run parameters. Returns the results the list keeps (``DagStep.keep_as``)."""
    return walk(steps, lambda step, arguments: resolve(step)(ctx, **arguments), params)


def walk(steps: str, call: StepCall, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every step of the list ``steps`` through ``call``, each after the tasks it waits for."""
    params = params or {}
    returned: dict[str, Any] = {}
    kept: dict[str, Any] = {}
    for planned in in_order(STEP_LISTS[steps]):
        # Only the parameters given: a step's own defaults stand for the rest, as for an empty form field.
        arguments = {**planned.arguments, **{name: params[name] for name in planned.params if name in params}}
        if planned.over:
            result = [call(planned.step, {**arguments, **each}) for each in returned[planned.over]]
        else:
            result = call(planned.step, arguments)
        returned[planned.task_id] = result
        if planned.keep_as:
            kept[planned.keep_as] = result
    return kept


def in_order(steps: Iterable[DagStep]) -> list[DagStep]:
    """Topological order, declaration order among the steps that are ready together."""
    waiting, done, ordered = list(steps), set(), []
    while waiting:
        ready = next((s for s in waiting if done.issuperset(s.after)), None)
        if ready is None:
            raise ValueError(f"steps wait for tasks that never run: {[s.task_id for s in waiting]}")
        waiting.remove(ready)
        done.add(ready.task_id)
        ordered.append(ready)
    return ordered
