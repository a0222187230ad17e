"""Planning in worker processes: same plans, same order, errors surface, fallback to this process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from netsuite_ap_sync.engine import plan_processes
from netsuite_ap_sync.engine.plan_processes import plan_in_processes


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


def _plan_in_a_task_of_a_celery_pool_child(batch_count: int) -> tuple[int, list[list[int]]]:
    """What an Airflow task does in a Celery prefork worker: the supervisor forks the task
    process from the pool child, and the task plans."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the task process
        os.close(read)
        plans = list(plan_in_processes(lambda b: [os.getpid()], _batches(batch_count), 2))
        os.write(write, repr((os.getpid(), plans)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        text = answer.read()
    os.waitpid(pid, 0)
    return eval(text)  # noqa: S307 - our own repr of ints


def test_a_task_in_a_celery_prefork_worker_plans_in_its_own_process():
    import billiard

    with billiard.Pool(1) as pool:
        task_pid, plans = pool.apply(_plan_in_a_task_of_a_celery_pool_child, (4,))
    assert plans == [[task_pid]] * 4


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


_KILLED_PARENT = """
import os, sys, time
from netsuite_ap_sync.engine.plan_processes import plan_in_processes

def planner(batch):
    time.sleep(0.2)
    return [os.getpid()]

for plan in plan_in_processes(planner, ([n] for n in range(1000)), 2):
    print(plan[0], flush=True)
"""


def test_workers_leave_when_their_parent_is_killed(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(_KILLED_PARENT)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    workers = {int(parent.stdout.readline()) for _ in range(6)}
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 15
    while workers and time.monotonic() < deadline:
        workers = {pid for pid in workers if _alive(pid)}
        time.sleep(0.2)
    assert not workers, f"planning workers {sorted(workers)} outlived their killed parent"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False
