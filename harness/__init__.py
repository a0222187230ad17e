"""A partner wired end to end outside Airflow's own set-up, shared by the tests, chaos, the bench and the demo:
the sandboxes started (``sandboxes``), the Airflow connections as ``AIRFLOW_CONN_*`` variables
(``connections``), a warehouse made and migrated (``warehouses``), the partner registered and its
accounts chosen (``partner``)."""
