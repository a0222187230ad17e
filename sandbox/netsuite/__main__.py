"""python -m sandbox.netsuite --port 8001 [options]: serve one sandbox NetSuite account until Ctrl-C."""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from sandbox.netsuite.sandbox import AUTH_METHODS, NetSuiteSandbox
from sandbox.netsuite.settings import NetSuiteSettings
from sandbox.server import LOOPBACK, serve_forever
from sandbox.start_time import SANDBOX_NOW, parse_now


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sandbox.netsuite", description=__doc__)
    parser.add_argument("--port", type=int, default=8001)
    data = parser.add_argument_group("data set")
    data.add_argument("--seed", type=int, default=42)
    data.add_argument("--customers", type=int, default=250)
    data.add_argument("--invoices", type=int, default=5000)
    data.add_argument("--years", type=float, default=3.0, help="history spread over this many years up to --now")
    data.add_argument(
        "--now",
        type=parse_now,
        default=SANDBOX_NOW,
        help=f"the clock's start, ISO 8601 (default {SANDBOX_NOW.isoformat()}); it runs on in real time",
    )
    data.add_argument("--account-id", default="1234567_SB1")
    data.add_argument("--time-zone", default="America/Los_Angeles", help="the account's time zone")
    data.add_argument("--db", help="keep the data set in this SQLite file and reuse it when the options match")
    data.add_argument("--generate-only", action="store_true", help="make (or check) the --db data set, then exit")
    data.add_argument("--state-dir", help="where the private key and connection files go (default: next to --db)")
    gov = parser.add_argument_group("governance and faults (all changeable at run time: POST /_sandbox/settings)")
    gov.add_argument("--concurrency-limit", type=int, default=5)
    gov.add_argument("--latency", type=float, default=0.0, help="seconds added to each REST/RESTlet request")
    gov.add_argument("--latency-jitter", type=float, default=0.0)
    gov.add_argument("--error-rate", type=float, default=0.0, help="share of requests answered 500 UNEXPECTED_ERROR")
    gov.add_argument("--throttle-rate", type=float, default=0.0, help="share answered as over the concurrency limit")
    gov.add_argument("--drop-rate", type=float, default=0.0, help="share whose connection closes with no answer")
    gov.add_argument("--truncate-rate", type=float, default=0.0, help="share whose answer is cut off mid-body")
    gov.add_argument("--slow-rate", type=float, default=0.0)
    gov.add_argument("--slow-seconds", type=float, default=2.0)
    gov.add_argument("--fault-seed", type=int, default=0)
    auth = parser.add_argument_group("auth")
    auth.add_argument("--auto-approve", action="store_true", help="skip the OAuth 2.0 consent page")
    auth.add_argument("--redirect-uri", default="http://127.0.0.1:8765/netsuite/oauth2/callback")
    return parser.parse_args(argv)


def settings_from(args: argparse.Namespace) -> NetSuiteSettings:
    return NetSuiteSettings.from_options(
        account_id=args.account_id,
        seed=args.seed,
        customers=args.customers,
        invoices=args.invoices,
        years=args.years,
        time_zone=args.time_zone,
        now=args.now,
        db_path=args.db,
        concurrency_limit=args.concurrency_limit,
        latency_seconds=args.latency,
        latency_jitter_seconds=args.latency_jitter,
        error_rate=args.error_rate,
        throttle_rate=args.throttle_rate,
        drop_rate=args.drop_rate,
        truncate_rate=args.truncate_rate,
        slow_rate=args.slow_rate,
        slow_seconds=args.slow_seconds,
        fault_seed=args.fault_seed,
        oauth2_auto_approve=args.auto_approve,
        redirect_uri=args.redirect_uri,
    )


def write_state(sandbox: NetSuiteSandbox, base_url: str, directory: Path) -> dict[str, Path]:
    """The private key and one Airflow connection per auth method, readable by the owner only."""
    directory.mkdir(parents=True, exist_ok=True)
    key_path = directory / "netsuite-sandbox-private-key.pem"
    connections_path = directory / "netsuite-sandbox-connections.json"
    connections = {method: sandbox.airflow_connection(base_url, method) for method in AUTH_METHODS}
    for path, text in (
        (key_path, sandbox.credentials.private_key_pem),
        (connections_path, json.dumps(connections, indent=2)),
    ):
        path.write_text(text)
        os.chmod(path, 0o600)
    return {"private_key": key_path, "connections": connections_path}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    sandbox = NetSuiteSandbox(settings_from(args))
    elapsed = time.perf_counter() - started
    if args.generate_only:
        source = "generated" if sandbox.generated else "reused"
        print(f"data set {source} in {elapsed:.1f}s: {args.invoices} invoices, {args.customers} customers")
        sandbox.close()
        return
    base_url = f"http://{LOOPBACK}:{args.port}"
    state_dir = Path(
        args.state_dir or (Path(args.db).parent if args.db else tempfile.mkdtemp(prefix="netsuite-sandbox-"))
    )
    paths = write_state(sandbox, base_url, state_dir)
    c = sandbox.credentials
    source = "generated" if sandbox.generated else "reused"
    print(f"NetSuite sandbox account {c.account_id} at {base_url}")
    size = f"{args.customers} customers, {args.invoices} invoices, {args.years} years"
    print(f"  data set ({source} in {elapsed:.1f}s): {size}")
    print("  OAuth 2.0 client credentials: client id", c.client_id, "certificate id", c.certificate_id)
    print("    private key (PEM):", paths["private_key"])
    print("  OAuth 2.0 authorization code: client id", c.client_id, "client secret", c.client_secret)
    print("    redirect URI:", sandbox.settings.runtime.redirect_uri)
    print("  TBA: consumer key", c.consumer_key, "consumer secret", c.consumer_secret)
    print("       token id", c.token_id, "token secret", c.token_secret)
    print("  RESTlet: script", c.restlet_script_id, "deploy", c.restlet_deploy_id)
    print("  Airflow connections (one per auth method):", paths["connections"])
    print(f"  test controls: {base_url}/_sandbox/  (API docs: {base_url}/_sandbox/docs)")
    print("Serving until Ctrl-C.", flush=True)
    try:
        serve_forever(sandbox.app, args.port)
    finally:
        sandbox.close()


if __name__ == "__main__":
    main()
