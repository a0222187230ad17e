"""``python -m sandbox.alternative_payments --port 8002``: serve one AP partner account."""

from __future__ import annotations

import argparse
import contextlib
import json
from decimal import Decimal

from sandbox.alternative_payments.instance import AlternativePaymentsSandbox
from sandbox.alternative_payments.settings import AlternativePaymentsSettings
from sandbox.server import LOOPBACK, bind_loopback, serve_forever
from sandbox.start_time import SANDBOX_NOW, parse_now


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m sandbox.alternative_payments", description=__doc__)
    p.add_argument("--port", type=int, default=8002, help="port on 127.0.0.1 (0 picks a free one)")
    p.add_argument("--client-id", default=AlternativePaymentsSettings.client_id)
    p.add_argument("--client-secret", default=AlternativePaymentsSettings.client_secret)
    p.add_argument("--rate-limit", type=float, default=5.0, help="requests per second per key (0: off)")
    p.add_argument("--token-ttl", type=int, default=3600, help="access token lifetime, seconds")
    p.add_argument("--latency-ms", type=float, default=0.0, help="delay added to every API request")
    p.add_argument("--fault-429", type=float, default=0.0, help="share of API requests answered 429")
    p.add_argument("--fault-500", type=float, default=0.0, help="share of API requests answered 500")
    p.add_argument("--fault-drop", type=float, default=0.0, help="share of API requests cut off mid-response")
    p.add_argument("--seed", type=int, default=None, help="seed for the fault dice")
    p.add_argument("--fee-percent", type=Decimal, default=Decimal("2.9"), help="payout fee, percent")
    p.add_argument("--fee-fixed", type=Decimal, default=Decimal("0.30"), help="payout fee per payment, USD")
    p.add_argument(
        "--now",
        type=parse_now,
        default=SANDBOX_NOW,
        help=f"the clock's start, ISO 8601 (default {SANDBOX_NOW.isoformat()}); it runs on in real time",
    )
    p.add_argument("--demo-data", action=argparse.BooleanOptionalAction, default=True, help="load a small data set")
    return p.parse_args(argv)


def settings_from(args: argparse.Namespace) -> AlternativePaymentsSettings:
    return AlternativePaymentsSettings(
        client_id=args.client_id,
        client_secret=args.client_secret,
        token_ttl_seconds=args.token_ttl,
        rate_limit_per_second=args.rate_limit,
        latency_ms=args.latency_ms,
        fault_429_rate=args.fault_429,
        fault_500_rate=args.fault_500,
        fault_drop_rate=args.fault_drop,
        seed=args.seed,
        payout_fee_percent=args.fee_percent,
        payout_fee_fixed=args.fee_fixed,
    )


def banner(sandbox: AlternativePaymentsSandbox, base_url: str) -> str:
    connection = json.dumps(sandbox.airflow_connection(base_url))
    return "\n".join(
        [
            f"Alternative Payments sandbox at {base_url}",
            f"  client id:     {sandbox.credentials.client_id}",
            f"  client secret: {sandbox.credentials.client_secret}",
            f"  rate limit:    {sandbox.settings.rate_limit_per_second:g} requests/second per key",
            f"  API docs:      {base_url}/docs    test controls: {base_url}/_sandbox/...",
            f"  Airflow:       export AIRFLOW_CONN_ALTERNATIVE_PAYMENTS_DEFAULT='{connection}'",
            "Press Ctrl-C to stop.",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sandbox = AlternativePaymentsSandbox(settings_from(args), now=args.now)
    if args.demo_data:
        sandbox.load_demo_data()
    # Bind first so that --port 0 can print the port actually chosen.
    sock = bind_loopback(args.port)
    port = sock.getsockname()[1]
    sock.close()
    print(banner(sandbox, f"http://{LOOPBACK}:{port}"), flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        serve_forever(sandbox.app, port)


if __name__ == "__main__":
    main()
