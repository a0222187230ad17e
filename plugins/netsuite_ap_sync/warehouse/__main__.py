"""``python -m netsuite_ap_sync.warehouse migrate`` applies the schema; ``status`` lists what is applied."""

from __future__ import annotations

import argparse

from netsuite_ap_sync.warehouse.engine import DEFAULT_CONN_ID, engine_for
from netsuite_ap_sync.warehouse.migrations import applied_versions, available, migrate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m netsuite_ap_sync.warehouse", description=__doc__)
    parser.add_argument("command", choices=["migrate", "status"])
    parser.add_argument("--conn-id", default=DEFAULT_CONN_ID, help="Airflow connection of the warehouse")
    args = parser.parse_args(argv)
    engine = engine_for(args.conn_id)
    if args.command == "migrate":
        applied = migrate(engine)
        print(f"warehouse {engine.url.render_as_string()}: applied {applied or 'nothing new'}")
    else:
        done = applied_versions(engine)
        for m in available():
            print(f"{m.version:04d} {m.name}: {'applied' if m.version in done else 'pending'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
