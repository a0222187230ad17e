"""Chaos runs of the sync: the demo scenario under injected faults in both
sandboxes, with task processes killed and retried, checked against I1-I5.

``python -m chaos --runs N --seed S`` (see ``chaos.__main__``); from Python:
``chaos.runs.run_chaos(ChaosConfig(...))`` -> ``ChaosReport``. The pieces:
``world`` (sandboxes, warehouse, connections), ``tasks`` (steps in forked task
processes, kills, retries), ``kill_points``, ``faults``, ``scenario`` and
``checks`` (audit, duplicates, missing records).
"""
