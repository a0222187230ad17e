"""The account chosen per kind of AP fee (F4a, F4b); kinds without one use the default."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql


def chosen(engine: Engine, partner_id: str) -> dict[str, str]:
    """fee kind -> NetSuite account id, for the kinds the partner chose an account for."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql("fee_accounts/chosen.sql"), {"partner_id": partner_id}).all()
    return {kind: account_id for kind, account_id in rows}


def all_chosen(engine: Engine) -> dict[str, dict[str, str]]:
    """partner id -> its accounts per fee kind, for the partners that chose any."""
    chosen: dict[str, dict[str, str]] = {}
    with engine.connect() as conn:
        for partner_id, kind, account_id in conn.execute(load_sql("fee_accounts/all_chosen.sql")).all():
            chosen.setdefault(partner_id, {})[kind] = account_id
    return chosen


def replace(engine: Engine, partner_id: str, accounts: Mapping[str, str]) -> None:
    """Store ``accounts`` as the partner's whole choice: kinds left out go back to the default."""
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(load_sql("fee_accounts/clear.sql"), {"partner_id": partner_id})
        for kind, account_id in sorted(accounts.items()):
            conn.execute(
                load_sql("fee_accounts/put.sql"),
                {"partner_id": partner_id, "fee_kind": kind, "account_id": str(account_id), "now": now},
            )
