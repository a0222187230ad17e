"""The sync pipeline: extract, stage, validate, reconcile, post, advance, report.

Each step is a plain function of a run context, so Airflow operators stay thin
and tests can call the steps directly.
"""
