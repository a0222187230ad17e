"""Many sandbox accounts served from one process: ``python -m bench.many_sandboxes``.

``--kind netsuite`` serves ``--count`` NetSuite accounts (each its own data set, seed and
account id), ``--kind ap`` as many AP accounts (each its own API key). Every account listens
on its own loopback port, all in one event loop, as one provider's endpoint serves many
tenants. Once all listen, the process writes ``--state``: per account index, its base URL
and the Airflow connection that reaches it (secrets included: the file is mode 0600 and
lives in the bench's scratch directory).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
from pathlib import Path

import uvicorn

from sandbox.server import LOOPBACK, _config, bind_loopback


def netsuite_accounts(count: int, customers: int, invoices: int, workdir: Path):
    from sandbox.netsuite import NetSuiteSandbox, NetSuiteSettings

    for n in range(count):
        settings = NetSuiteSettings.from_options(
            customers=customers, invoices=invoices, seed=1000 + n, account_id=f"{7000000 + n}_SB1"
        )
        sandbox = NetSuiteSandbox(settings)
        yield sandbox.app, lambda url, s=sandbox: s.airflow_connection(url, "oauth2_client_credentials")


def ap_accounts(count: int, rate_limit: float):
    from sandbox.alternative_payments.instance import AlternativePaymentsSandbox
    from sandbox.alternative_payments.settings import AlternativePaymentsSettings

    for n in range(count):
        settings = AlternativePaymentsSettings(
            client_id=f"bench-key-{n:05d}", client_secret=os.urandom(12).hex(), rate_limit_per_second=rate_limit
        )
        sandbox = AlternativePaymentsSandbox(settings)
        yield sandbox.app, lambda url, s=sandbox: s.airflow_connection(url)


async def serve(accounts, state: Path) -> None:
    servers, listing = [], {}
    for n, (app, connection) in enumerate(accounts):
        sock = bind_loopback()
        url = f"http://{LOOPBACK}:{sock.getsockname()[1]}"
        server = uvicorn.Server(_config(app, limit_concurrency=64))
        # One process, many servers: SIGTERM's default action ends them all at once.
        server.capture_signals = contextlib.nullcontext
        servers.append(asyncio.create_task(server.serve(sockets=[sock])))
        listing[n] = {"base_url": url, "connection": connection(url)}
    partial = state.with_suffix(".partial")
    partial.touch(mode=0o600)
    partial.write_text(json.dumps(listing))
    partial.rename(state)
    await asyncio.gather(*servers)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.many_sandboxes", description=__doc__)
    parser.add_argument("--kind", choices=("netsuite", "ap"), required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--invoices", type=int, default=500)
    parser.add_argument("--rate-limit", type=float, default=1000.0)
    args = parser.parse_args(argv)
    if args.kind == "netsuite":
        accounts = netsuite_accounts(args.count, args.customers, args.invoices, args.state.parent)
    else:
        accounts = ap_accounts(args.count, args.rate_limit)
    asyncio.run(serve(accounts, args.state))


if __name__ == "__main__":
    main()
