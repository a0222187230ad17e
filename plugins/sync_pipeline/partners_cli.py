"""``python -m sync_pipeline.partners_cli``: register and inspect partners from the shell.

register --partner acme --name "Acme IT" --netsuite-conn netsuite_acme --ap-conn ap_acme [--concurrency 5]
list
show --partner acme
retry-refused --partner acme [--object invoice --source-id 1001]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime

from warehouse import engine_for, partners
from warehouse.engine import DEFAULT_CONN_ID


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sync_pipeline.partners_cli",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--warehouse-conn", default=DEFAULT_CONN_ID)
    commands = parser.add_subparsers(dest="command", required=True)
    register = commands.add_parser("register", help="register a partner (again: update its connections)")
    register.add_argument("--partner", required=True, help="partner id: lower-case letters, digits, '_', '-'")
    register.add_argument("--name", required=True)
    register.add_argument("--netsuite-conn", required=True, help="Airflow connection id of its NetSuite account")
    register.add_argument("--ap-conn", required=True, help="Airflow connection id of its AP account")
    register.add_argument("--concurrency", type=int, default=5, help="NetSuite concurrency limit of the account")
    commands.add_parser("list", help="every partner with status and initial-sync progress")
    show = commands.add_parser("show", help="one partner in full")
    show.add_argument("--partner", required=True)
    retry = commands.add_parser(
        "retry-refused",
        help="send the mutations AP refused again on the next run, as they are (after fixing the cause in AP)",
    )
    retry.add_argument("--partner", required=True)
    retry.add_argument("--object", help="only this object type (customer, invoice, ...)")
    retry.add_argument("--source-id", help="only this NetSuite record")
    listing = commands.add_parser("accounts", help="the NetSuite accounts the partner can choose (C3)")
    listing.add_argument("--partner", required=True)
    choose = commands.add_parser("set-accounts", help="choose the accounts payments and payouts post to (C3)")
    choose.add_argument("--partner", required=True)
    choose.add_argument("--undeposited-funds", required=True, help="internal id of the Undeposited Funds account")
    choose.add_argument("--bank", required=True, help="internal id of the bank account payouts arrive in")
    choose.add_argument("--fee", help="internal id of the expense account for payout fees")
    choose.add_argument("--other-deposits", help="internal id of the income account for stand-alone deposits")
    return parser


def main(argv: list[str] | None = None) -> int:
    from sync_pipeline.accounts import AccountChoiceError
    from sync_pipeline.registration import RegistrationRefused

    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except (RegistrationRefused, partners.UnknownPartner, AccountChoiceError) as exc:
        # One line a person can act on, no traceback.
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from sync_pipeline.registration import register_partner

    engine = engine_for(args.warehouse_conn)
    if args.command == "register":
        partner = register_partner(engine, args.partner, args.name, args.netsuite_conn, args.ap_conn, args.concurrency)
        print(f"registered {partner.partner_id} ({partner.name}): status {partner.status}")
    elif args.command == "list":
        for p in partners.all_partners(engine):
            print(
                f"{p.partner_id:20} {p.status:20} phase={p.initial_phase:15} "
                f"done={p.progress_done} left={p.progress_left}" + (f"  {p.status_message}" if p.status_message else "")
            )
    elif args.command == "show":
        print(json.dumps(asdict(partners.get(engine, args.partner)), indent=2))
    elif args.command == "retry-refused":
        from warehouse import ledger

        count = ledger.retry_refused(engine, args.partner, args.object, args.source_id)
        print(f"{count} refused mutation(s) of {args.partner} will be sent again on the next run")
    else:
        return _accounts(args)
    return 0


def _accounts(args: argparse.Namespace) -> int:
    from sync_pipeline import accounts
    from sync_pipeline.context import context_for

    ctx = context_for(
        args.partner,
        run_id=f"cli:{datetime.now(UTC):%Y%m%dT%H%M%S}",
        dag_id="cli",
        warehouse_conn_id=args.warehouse_conn,
    )
    if args.command == "accounts":
        for a in accounts.available_accounts(ctx):
            print(f"{a.id:>8} {a.type:12} {a.number or '':10} {a.name}")
        return 0
    chosen = accounts.choose(ctx, args.undeposited_funds, args.bank, args.fee, args.other_deposits)
    for kind, description in chosen.items():
        print(f"{kind}: {description}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
