"""AP webhooks into the warehouse's event queue, and the trigger that turns them into runs.

- ``receiver``: the FastAPI app AP delivers to (``/webhooks/ap/{partner_id}``), checking the
  partner's bearer secret and queueing each event before it answers.
- ``partner_secrets``: a partner's webhook secret, read from its AP connection (the extra, or derived).
- ``subscriptions``: AP's subscriptions of a partner's endpoint, one per topic the sync needs.
- ``replay``: AP's event log against the queue; what no webhook brought is queued as ``replay``.
- ``event_runs``: what a run of ``netsuite_payments_on_event`` does (replay, then take).
- ``trigger``: the event trigger polling the queue for partners with events.
- ``plugin``: mounts the receiver on Airflow's api-server.

Run the receiver alone with ``uvicorn --factory netsuite_ap_sync.webhooks.receiver:standalone_app
--host 127.0.0.1 --port 8091`` (it reads ``warehouse_default`` and the AP connections as Airflow does).
"""
