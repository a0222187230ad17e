"""``python -m netsuite_ap_sync.webhooks --port 8091``: the receiver alone, on 127.0.0.1.

It reads ``warehouse_default`` and the partners' AP connections as Airflow does
(``AIRFLOW_CONN_*`` variables or the metadata database).
"""

from __future__ import annotations

import argparse

import uvicorn

from netsuite_ap_sync.webhooks.receiver import standalone_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8091)
    args = parser.parse_args(argv)
    uvicorn.run(standalone_app(), host="127.0.0.1", port=args.port, access_log=False)


if __name__ == "__main__":
    main()
