"""Planning in worker processes: same plans, same order, errors surface, fallback to this process."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from sync_pipeline import plan_processes
from sync_pipeline.plan_processes import plan_in_processes


def _batches(count: int, size: int = 3) -> list[list[int]]:
    return [list(range(b * size, (b + 1) * size)) for b in range(count)]


def test_plans_come_back_in_batch_order_and_equal_those_planned_here():
    offset = {"by": 1000}  # a closure's state reaches the workers (forked, not pickled)

    def planner(batch):
        return [n + offset["by"] for n in batch]

    batches = _batches(25)
    assert list(plan_in_processes(planner, batches, 2)) == [planner(b) for b in batches]


def test_more_than_one_batch_is_planned_in_other_processes():
    pids = {pid for plan in plan_in_processes(lambda b: [os.getpid()], _batches(6), 2) for pid in plan}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


@pytest.mark.parametrize(("batches", "processes"), [(1, 2), (6, 1), (0, 2)])
def test_one_batch_or_one_process_plans_here(batches, processes):
    plans = list(plan_in_processes(lambda b: [os.getpid()], _batches(batches), processes))
    assert plans == [[os.getpid()]] * batches


def test_a_planner_error_reaches_the_caller():
    def planner(batch):
        if 7 in batch:
            raise ValueError("row 7 cannot be planned")
        return batch

    with pytest.raises(ValueError, match="row 7 cannot be planned"):
        list(plan_in_processes(planner, _batches(6), 2))


def test_a_daemonic_process_plans_in_itself(monkeypatch):
    monkeypatch.setattr(plan_processes.multiprocessing, "current_process", lambda: SimpleNamespace(daemon=True))
    plans = list(plan_in_processes(lambda b: [os.getpid()], _batches(4), 2))
    assert plans == [[os.getpid()]] * 4


def test_batches_are_read_lazily_a_few_ahead():
    read = []

    def batches():
        for batch in _batches(40):
            read.append(batch)
            yield batch

    plans = plan_in_processes(lambda b: b, batches(), 2)
    next(plans)
    assert len(read) <= 2 * plan_processes._AHEAD + 1
    assert len(list(plans)) == 39
