"""A partner registered in a warehouse on its two connections, and the accounts it would choose (C3)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from harness.connections import AirflowConnections
from harness.warehouses import Warehouse


def register_partner(
    warehouse: Warehouse,
    connections: AirflowConnections,
    partner_id: str,
    name: str,
    netsuite: dict[str, Any],
    ap: dict[str, Any],
    concurrency: int = 5,
) -> None:
    """The partner's NetSuite and AP connections set under the ids it is registered with."""
    from netsuite_ap_sync.warehouse import partners

    ns_conn = connections.set(f"netsuite_{partner_id}", netsuite)
    ap_conn = connections.set(f"ap_{partner_id}", ap)
    partners.register(warehouse.engine, partner_id, name, ns_conn, ap_conn, concurrency)


def accounts_to_choose(accounts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The first account of each type, from (type, id) pairs, as ``accounts.choose``'s arguments."""
    by_type: dict[str, str] = {}
    for account_type, account_id in accounts:
        by_type.setdefault(account_type, account_id)
    return {
        "undeposited_funds": by_type["UndepFunds"],
        "bank": by_type["Bank"],
        "fee": by_type["Expense"],
        "other_deposits": by_type["Income"],
    }


def netsuite_accounts_to_choose(ctx) -> dict[str, str]:
    """The accounts to choose from the list NetSuite gives the partner."""
    from netsuite_ap_sync.partners import accounts

    return accounts_to_choose((account.type, account.id) for account in accounts.available_accounts(ctx))


def choose_accounts(ctx) -> dict:
    """C3 as the partner does it: the first account of each type NetSuite lists."""
    from netsuite_ap_sync.partners import accounts

    return accounts.choose(ctx, **netsuite_accounts_to_choose(ctx))
