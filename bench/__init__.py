"""Benchmarks of the sync against the sandboxes: ``python -m bench`` (see README, Benchmarks)."""
