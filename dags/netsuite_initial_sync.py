"""
### Initial sync of one partner (C1, C2)

1. **check_link**: credentials, REST web services, the auth method and the
   bundle's RESTlet; a missing piece sets the partner to `error` and fails the
   run at once with what to enable (NetSuite not answering is retried).
2. **begin**: the partner becomes `pending`; both phases are planned in chunks.
3. **customers**: every customer first (invoices need them).
4. **last 12 months**, then **all older history**: chunks of invoices, unpaid
   first. A failed chunk retries alone; nothing already posted is posted again.
5. The partner becomes `connected`; the hourly and five-minute syncs take over.

Progress (phase, records done and left) shows on the partner's row and AP's
integration page throughout. With **dry_run** nothing is posted: each chunk
returns the mutations it would make.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag

from netsuite_ap_sync.orchestration.dag_steps import wire_steps

PARTNER = "{{ params.partner }}"
DRY_RUN = "{{ params.dry_run }}"


@dag(
    dag_id="netsuite_initial_sync",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    render_template_as_native_obj=True,
    tags=["netsuite", "alternative-payments", "initial-sync"],
    default_args={
        "owner": "data-engineering",
        "retries": 3,
        "retry_delay": pendulum.duration(seconds=30),
        # A chunk cut short resumes on retry: nothing posted is posted again.
        "execution_timeout": pendulum.duration(hours=2),
    },
    doc_md=__doc__,
    params={
        "partner": Param("", type="string", minLength=1, title="Partner id"),
        "window_start": Param(
            None,
            type=["null", "string"],
            format="date",
            title="Start of the recent phase",
            description="Default: 12 months before NetSuite's current date.",
        ),
        "window_end": Param(None, type=["null", "string"], format="date", title="End of the recent phase"),
        "dry_run": Param(False, type="boolean", title="Dry run: show the mutations, post nothing"),
    },
)
def netsuite_initial_sync():
    wire_steps("initial", PARTNER, DRY_RUN)


netsuite_initial_sync()
