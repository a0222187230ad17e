"""``python -m netsuite_ap_sync.tools.partners_cli``: register and inspect partners from the shell.

register --partner acme --name "Acme IT" --netsuite-conn netsuite_acme --ap-conn ap_acme [--concurrency 5]
list
webhooks --partner acme [--remove]
disconnect --partner acme [--reason "contract ended"] [--by NAME]
show --partner acme
report --partner acme [--run RUN_ID]
quarantine [list] [--partner acme] [--object invoice] [--check CHECK] [--closed]
quarantine retry|resolve|ignore --id 12 [--note "why"]
manual-actions [list] [--partner acme] [--all]
manual-actions done --id 3 [--note "reverted in NetSuite"]
retry-refused --partner acme [--object invoice --source-id 1001]
accounts --partner acme
set-accounts --partner acme --undeposited-funds 10 --bank 20 [--fee 30] [--other-deposits 40]
             [--fee-account FT_LATE_PAYMENT=31 ...] [--fee-account covered_by_customer=41]
settings --partner acme [--payment-reversals manual|automatic] [--dispute-fee-account 12]
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime

from netsuite_ap_sync.tools.cli_tables import table
from netsuite_ap_sync.warehouse import engine_for, partners
from netsuite_ap_sync.warehouse.engine import DEFAULT_CONN_ID


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m netsuite_ap_sync.tools.partners_cli",
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
    hooks = commands.add_parser("webhooks", help="subscribe a partner's AP webhooks again, or --remove them")
    hooks.add_argument("--partner", required=True)
    hooks.add_argument("--remove", action="store_true", help="delete its subscriptions (a partner disconnected)")
    disconnect = commands.add_parser(
        "disconnect", help="remove its AP webhooks and stop syncing it, keeping its data (register again to reconnect)"
    )
    disconnect.add_argument("--partner", required=True)
    disconnect.add_argument("--reason", help="why, shown as the partner's status message")
    disconnect.add_argument("--by", help="who disconnects it (default: the login name)")
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
    choose.add_argument(
        "--fee-account",
        action="append",
        metavar="KIND=ID",
        help="an account of its own for one kind of AP fee (FT_METHOD, FT_PRODUCT, FT_LATE_PAYMENT, FT_INTEREST: "
        "expense; covered_by_customer: income); repeat per kind; given at all, the kinds left out go back to "
        "the default accounts",
    )
    report = commands.add_parser("report", help="a partner's run reports per object: read, applied, held, refused")
    report.add_argument("--partner", required=True)
    report.add_argument("--run", help="only this run id (default: the latest reports)")
    _quarantine_parser(commands)
    _manual_actions_parser(commands)
    _settings_parser(commands)
    return parser


def _settings_parser(commands) -> None:
    settings = commands.add_parser(
        "settings", help="show or change the partner's settings: how reversed payments reach NetSuite (S2, R1-R4)"
    )
    settings.add_argument("--partner", required=True)
    settings.add_argument(
        "--payment-reversals",
        choices=("manual", "automatic"),
        help="manual: listed to revert by hand (S2); automatic: refunds booked in NetSuite (R1-R3)",
    )
    settings.add_argument(
        "--dispute-fee-account", help="internal id of the expense account for chargebacks' dispute fees"
    )


def _quarantine_parser(commands) -> None:
    what, filtered = _listing_command(
        commands,
        "quarantine",
        "records that failed a check; retry, resolve or ignore one",
        dest="quarantine_command",
        list_help="open records (the default)",
    )
    for parser in filtered:
        parser.add_argument("--partner", help="only this partner")
        parser.add_argument("--object", help="only this object type (customer, invoice, payment, ...)")
        parser.add_argument("--check", help="only this check (e.g. gx:email_present)")
        parser.add_argument("--closed", action="store_true", help="closed records too")
    for name, help_text in (
        ("retry", "try the record again on the partner's next run (releases what AP refused)"),
        ("resolve", "close the record: the cause is fixed (a note is required)"),
        ("ignore", "close the record: nothing is to be done (a note is required)"),
    ):
        _person_action(
            what.add_parser(name, help=help_text),
            id_help="the record's id, as `quarantine` lists it",
            note_help="why",
            by_help="who acts",
        )


def _manual_actions_parser(commands) -> None:
    what, filtered = _listing_command(
        commands,
        "manual-actions",
        "what a person must do by hand (S2, F6); mark one done",
        dest="manual_command",
        list_help="open actions (the default)",
    )
    for parser in filtered:
        parser.add_argument("--partner", help="only this partner")
        parser.add_argument("--all", action="store_true", help="done ones too")
    _person_action(
        what.add_parser("done", help="mark an action done"),
        id_help="the action's id, as `manual-actions` lists it",
        note_help="what was done",
        by_help="who did it",
    )


def _listing_command(commands, name: str, help_text: str, *, dest: str, list_help: str):
    """A command whose bare form is its ``list`` subcommand: both take the listing's filters.

    Returns the subcommands (to add the acting ones) and the two parsers the filters go on.
    """
    command = commands.add_parser(name, help=help_text)
    what = command.add_subparsers(dest=dest)
    listing = what.add_parser("list", help=list_help)
    return what, (command, listing)


def _person_action(parser: argparse.ArgumentParser, *, id_help: str, note_help: str, by_help: str) -> None:
    """What a person acting on one listed record gives: its id, a note, and who they are."""
    parser.add_argument("--id", type=int, required=True, help=id_help)
    parser.add_argument("--note", help=note_help)
    parser.add_argument("--by", default=getpass.getuser(), help=f"{by_help} (default: this shell's user)")


def main(argv: list[str] | None = None) -> int:
    from airflow.exceptions import AirflowNotFoundException

    from netsuite_ap_sync.partners.accounts import AccountChoiceError
    from netsuite_ap_sync.partners.registration import RegistrationRefused
    from netsuite_ap_sync.warehouse.entries import UnknownEntry

    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except (RegistrationRefused, partners.UnknownPartner, AccountChoiceError, UnknownEntry, ValueError) as exc:
        return _refused(str(exc))
    except AirflowNotFoundException as exc:
        return _refused(
            f"{exc}: define it (e.g. AIRFLOW_CONN_{args.warehouse_conn.upper()}) or run this through the Makefile, "
            'which points it at the embedded warehouse: make partners ARGS="list"'
        )


def _refused(message: str) -> int:
    """One line a person can act on, no traceback."""
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def _run(args: argparse.Namespace) -> int:
    from netsuite_ap_sync.partners.registration import register_partner

    engine = engine_for(args.warehouse_conn)
    if args.command == "register":
        partner = register_partner(engine, args.partner, args.name, args.netsuite_conn, args.ap_conn, args.concurrency)
        print(f"registered {partner.partner_id} ({partner.name}): status {partner.status}")
    elif args.command == "webhooks":
        from netsuite_ap_sync.webhooks import subscriptions

        partner = partners.get(engine, args.partner)
        manage = subscriptions.unsubscribe_partner if args.remove else subscriptions.subscribe_partner
        print(json.dumps(manage(partner.partner_id, partner.ap_conn_id), sort_keys=True))
    elif args.command == "disconnect":
        from netsuite_ap_sync.partners.disconnect import disconnect_partner

        print(
            json.dumps(
                disconnect_partner(engine, args.partner, args.by or getpass.getuser(), args.reason), sort_keys=True
            )
        )
    elif args.command == "list":
        rows = [
            (p.partner_id, p.status, p.initial_phase, p.progress_done, p.progress_left, p.status_message)
            for p in partners.all_partners(engine)
        ]
        headers = ("partner", "status", "phase", "done", "left", "message")
        print(table(headers, rows, "no partner is registered", widest=None))
    elif args.command == "show":
        print(json.dumps(asdict(partners.get(engine, args.partner)), indent=2))
    elif args.command == "retry-refused":
        from netsuite_ap_sync.warehouse import ledger

        count = ledger.retry_refused(engine, args.partner, args.object, args.source_id)
        print(f"{count} refused mutation(s) of {args.partner} will be sent again on the next run")
    elif args.command == "report":
        _report(engine, args)
    elif args.command == "quarantine":
        _quarantine(engine, args)
    elif args.command == "manual-actions":
        _manual_actions(engine, args)
    elif args.command == "settings":
        return _settings(args)
    else:
        return _accounts(args)
    return 0


def _report(engine, args: argparse.Namespace) -> None:
    from netsuite_ap_sync.warehouse import reports

    partners.get(engine, args.partner)
    rows = [
        (
            r["created_at"],
            r["dag_id"],
            r["run_id"],
            r["object_type"],
            r["read_count"],
            r["applied"],
            r["held"],
            r["refused"],
            _counts(r["skipped"]),
            _counts(r["quarantined"]),
        )
        for r in reports.run_report(engine, args.partner, args.run)
    ]
    headers = ("reported", "dag", "run", "object", "read", "applied", "held", "refused", "skipped", "quarantined")
    print(table(headers, rows, f"no run has reported for {args.partner} yet"))


def _counts(by_reason: dict) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in sorted(by_reason.items()))


def _quarantine(engine, args: argparse.Namespace) -> None:
    from netsuite_ap_sync.partners import person_actions
    from netsuite_ap_sync.warehouse import quarantine

    command = args.quarantine_command or "list"
    if command == "list":
        rows = [
            (
                e["id"],
                e["partner_id"],
                e["object_type"],
                e["source_id"],
                e["check_name"],
                e["reason"],
                e["last_seen"],
                e["repeat_count"],
                e["action"] and f"{e['action']} by {e['action_by']}",
            )
            for e in quarantine.listing(engine, args.partner, args.object, args.check, include_closed=args.closed)
        ]
        headers = ("id", "partner", "object", "record", "check", "reason", "last seen", "repeats", "last action")
        print(table(headers, rows, "nothing in quarantine"))
    elif command == "retry":
        entry = person_actions.retry_quarantined(engine, args.id, by=args.by, note=args.note)
        print(
            f"{entry['object_type']} {entry['source_id']} of {entry['partner_id']} is tried again on its next run "
            f"({entry['released']} refused mutation(s) released); to run now: trigger netsuite_sync_partner"
        )
    else:
        action = {"resolve": "resolved", "ignore": "ignored"}[command]
        entry = person_actions.close_quarantined(engine, args.id, action, by=args.by, note=args.note or "")
        print(f"{entry['object_type']} {entry['source_id']} of {entry['partner_id']}: {action} by {args.by}")


def _manual_actions(engine, args: argparse.Namespace) -> None:
    from netsuite_ap_sync.partners import person_actions
    from netsuite_ap_sync.warehouse import reports

    if (args.manual_command or "list") == "list":
        rows = [
            (
                a["id"],
                a["partner_id"],
                a["rule"],
                f"{a['object_type']} {a['source_id']}",
                a["invoice_number"],
                a["amount"],
                a["message"],
                a["reported_at"],
                a["done"] and f"done by {a['done_by'] or 'someone'}",
            )
            for a in reports.manual_action_listing(engine, args.partner, include_done=args.all)
        ]
        headers = ("id", "partner", "rule", "record", "invoice", "amount", "what to do", "reported", "done")
        print(table(headers, rows, "no open manual action"))
        return
    action = person_actions.mark_done(engine, args.id, by=args.by, note=args.note)
    print(f"[{action['rule']}] {action['object_type']} {action['source_id']} of {action['partner_id']}: done")


def _cli_context(args: argparse.Namespace):
    from netsuite_ap_sync.engine.context import context_for

    return context_for(
        args.partner,
        run_id=f"cli:{datetime.now(UTC):%Y%m%dT%H%M%S}",
        dag_id="cli",
        warehouse_conn_id=args.warehouse_conn,
    )


def _settings(args: argparse.Namespace) -> int:
    """Show the settings; change them when asked (an automatic choice is checked against NetSuite)."""
    from netsuite_ap_sync.partners import reversal_settings

    ctx = _cli_context(args)
    if args.payment_reversals or args.dispute_fee_account:
        mode = args.payment_reversals or ctx.partner.payment_reversals
        reversal_settings.choose(ctx, mode, args.dispute_fee_account)
    print(f"payment reversals: {ctx.partner.payment_reversals}")
    print(f"dispute-fee account: {ctx.partner.dispute_fee_account_id or '-'}")
    return 0


def _accounts(args: argparse.Namespace) -> int:
    from netsuite_ap_sync.partners import accounts

    ctx = _cli_context(args)
    if args.command == "accounts":
        rows = [(a.id, a.type, a.number, a.name) for a in accounts.available_accounts(ctx)]
        print(table(("id", "type", "number", "name"), rows, "NetSuite lists no active account"))
        return 0
    fee_accounts = fee_account_args(args.fee_account)
    chosen = accounts.choose(
        ctx, args.undeposited_funds, args.bank, args.fee, args.other_deposits, fee_accounts=fee_accounts
    )
    for kind, description in chosen.items():
        print(f"{kind}: {description}")
    return 0


def fee_account_args(values: list[str] | None) -> dict[str, str] | None:
    """``--fee-account KIND=ID`` options as {kind: id}; None when none is given (keep the stored ones)."""
    if values is None:
        return None
    chosen: dict[str, str] = {}
    for value in values:
        kind, sep, account_id = value.partition("=")
        if not (sep and kind.strip() and account_id.strip()):
            raise ValueError(f"--fee-account {value!r}: expected KIND=ID, for example FT_LATE_PAYMENT=31")
        chosen[kind.strip()] = account_id.strip()
    return chosen


if __name__ == "__main__":
    raise SystemExit(main())
