"""Registering a partner: its two Airflow connections are checked before the warehouse takes them.

Each connection must exist, be of its system's type and be readable by its
hook, and belong to no other partner: AP keeps one integration status per API
key and NetSuite is one account per partner, so a shared connection (or a
second connection to the same key or account) would mix two partners' data.
Every refusal is one line that names the fix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from airflow.sdk.exceptions import AirflowFailException, AirflowNotFoundException
from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import partners
from netsuite_ap_sync.warehouse.partners import Partner


class RegistrationRefused(AirflowFailException):
    """The partner cannot be registered as asked; the text says what to change. No retry can fix it."""


@dataclass(frozen=True)
class System:
    label: str  # as the Airflow connection form names the type
    conn_type: str
    account: Callable[[Any], tuple]  # connection -> what identifies the account it reaches
    same_account: str  # how a second connection to that account is described
    shared_fix: str  # what to do when another partner already reaches that account


def _netsuite_account(conn: Any) -> tuple:
    from netsuite_hook.settings import NetSuiteSettings
    from netsuite_hook.urls import realm

    settings = NetSuiteSettings.from_connection(conn)
    return realm(settings.account_id), settings.base_url


def _ap_api_key(conn: Any) -> tuple:
    from alternative_payments_hook.config import ConnectionSettings

    settings = ConnectionSettings.from_connection(conn)
    return settings.base_url, settings.client_id


NETSUITE = System(
    "NetSuite",
    "netsuite",
    _netsuite_account,
    "reaches the same NetSuite account as",
    "connect {partner!r} to its own NetSuite account",
)
AP = System(
    "Alternative Payments",
    "alternative_payments",
    _ap_api_key,
    "holds the same AP API key as",
    "create a separate AP API key and connection for {partner!r}",
)


def register_partner(
    engine: Engine, partner_id: str, name: str, netsuite_conn_id: str, ap_conn_id: str, concurrency: int = 5
) -> Partner:
    """Check both connections, then register (or update) the partner; ``RegistrationRefused`` otherwise."""
    try:
        partners.validate_registration(partner_id, name, netsuite_conn_id, ap_conn_id, concurrency)
    except ValueError as exc:
        raise RegistrationRefused(str(exc)) from None
    netsuite_conn_id, ap_conn_id = netsuite_conn_id.strip(), ap_conn_id.strip()
    others = [p for p in partners.all_partners(engine) if p.partner_id != partner_id]
    for system, conn_id, theirs in (
        (NETSUITE, netsuite_conn_id, {p.partner_id: p.netsuite_conn_id for p in others}),
        (AP, ap_conn_id, {p.partner_id: p.ap_conn_id for p in others}),
    ):
        account = _usable_account(system, conn_id, partner_id)
        _refuse_shared_account(system, conn_id, account, partner_id, theirs)
    try:
        partner = partners.register(engine, partner_id, name, netsuite_conn_id, ap_conn_id, concurrency)
    except partners.ConnectionInUse as exc:
        raise RegistrationRefused(str(exc)) from None
    # AP's webhooks for the partner (when SYNC_WEBHOOK_BASE_URL is set); a failure is logged, not raised.
    from netsuite_ap_sync.webhooks.subscriptions import subscribe_partner

    subscribe_partner(partner_id, ap_conn_id)
    return partner


def _connection(conn_id: str) -> Any:
    from airflow.sdk import BaseHook

    return BaseHook.get_connection(conn_id)


def _usable_account(system: System, conn_id: str, partner_id: str) -> tuple:
    """The connection exists, is of the system's type and its hook can read it: the account it reaches."""
    try:
        conn = _connection(conn_id)
    except AirflowNotFoundException:
        raise RegistrationRefused(
            f"connection {conn_id!r} does not exist; create it with type {system.label} "
            f"(Admin > Connections), then register {partner_id!r} again"
        ) from None
    if conn.conn_type != system.conn_type:
        raise RegistrationRefused(
            f"connection {conn_id!r} is of type {conn.conn_type!r}, not {system.conn_type!r} ({system.label}); "
            f"register {partner_id!r} with a connection of type {system.label}"
        )
    try:
        return system.account(conn)
    except ValueError as exc:  # both hooks' ConfigurationError
        raise RegistrationRefused(
            f"connection {conn_id!r} cannot be used: {exc}; fix it, then register {partner_id!r} again"
        ) from None


def _refuse_shared_account(
    system: System, conn_id: str, account: tuple, partner_id: str, theirs: dict[str, str]
) -> None:
    """A different connection id to an account another partner already reaches is refused too."""
    for owner, their_conn_id in theirs.items():
        if their_conn_id == conn_id:
            continue  # the same connection: the warehouse refuses it, in the same words under a race
        try:
            their_account = system.account(_connection(their_conn_id))
        except (AirflowNotFoundException, ValueError):
            continue  # their connection is gone or broken: it reaches nothing to share
        if their_account == account:
            fix = system.shared_fix.format(partner=partner_id)
            raise RegistrationRefused(
                f"connection {conn_id!r} {system.same_account} {their_conn_id!r} of partner {owner!r}; {fix}"
            )
