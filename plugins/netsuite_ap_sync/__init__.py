"""NetSuite <-> Alternative Payments sync: everything but the two hooks.

- ``rules``: the sync rules as pure functions (what should happen to a record).
- ``warehouse``: every table and every SQL statement (partners, staging, ledger, quarantine, reports).
- ``extract``: NetSuite and AP read into staging, page by page.
- ``mapping``: API answers -> warehouse rows -> the rules' input records.
- ``engine``: what every object's run shares: context, validation, planning, applying, reports.
- ``flows``: the two directions (``netsuite_to_ap``, ``ap_to_netsuite``) and the initial sync.
- ``posters``: the rules' mutations carried out in AP and NetSuite.
- ``partners``: registration, status, accounts, and what people do about records.
- ``orchestration``: the Airflow edge: operators, step lists, picking partners with work.
- ``webhooks``: AP's webhook deliveries received, queued, replayed, and the runs they start.
- ``drift``: the daily audit comparing both systems, and its safe repairs.
- ``operations_ui`` and ``tools``: the pages in the Airflow UI and the command line.
- ``settings``: numbers read from the environment.

Steps are plain functions of a run context, so operators stay thin and tests call them directly.
"""
