"""The partner registry: one row per connected NetSuite account."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from netsuite_ap_sync.warehouse import disconnections
from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql

_PARTNER_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
STATUSES = ("pending", "connected", "reconnect_required", "error")
# Read, never set: a partner with a ``partner_disconnection`` row (see ``disconnections``).
DISCONNECTED = "disconnected"
PHASES = ("not_started", "last_12_months", "history", "done")
PAYMENT_REVERSALS = ("manual", "automatic")


class UnknownPartner(LookupError):
    def __init__(self, partner_id: str):
        super().__init__(f"no partner {partner_id!r} is registered; register it first")


class ConnectionInUse(ValueError):
    """Another partner is registered with this connection: each partner has its own NetSuite and AP account."""

    def __init__(self, conn_id: str, owner: str, partner_id: str, system: str):
        fix = (
            f"create a separate AP API key and connection for {partner_id!r}"
            if system == "AP"
            else f"connect {partner_id!r} to its own NetSuite account with a NetSuite connection of its own"
        )
        super().__init__(f"connection {conn_id!r} is already used by partner {owner!r}; {fix}")


@dataclass(frozen=True)
class Partner:
    partner_id: str
    name: str
    netsuite_conn_id: str
    ap_conn_id: str
    netsuite_concurrency: int
    status: str
    status_message: str | None
    initial_phase: str
    progress_done: int
    progress_left: int
    history_boundary: str | None
    undeposited_funds_account_id: str | None
    bank_account_id: str | None
    fee_account_id: str | None
    other_deposits_account_id: str | None
    # How reversed AP payments reach NetSuite (S2 by hand, or R1-R4), and the dispute fees' account.
    payment_reversals: str = "manual"
    dispute_fee_account_id: str | None = None

    @property
    def disconnected(self) -> bool:
        return self.status == DISCONNECTED

    @property
    def twelve_months_done(self) -> bool:
        return self.initial_phase in ("history", "done")


def validate_partner_id(partner_id: str) -> str:
    if not _PARTNER_ID.match(partner_id or ""):
        raise ValueError(
            f"partner id {partner_id!r} must be 1-63 lower-case letters, digits, '_' or '-', "
            "starting with a letter or digit"
        )
    return partner_id


def validate_registration(
    partner_id: str, name: str, netsuite_conn_id: str, ap_conn_id: str, concurrency: int = 5
) -> None:
    validate_partner_id(partner_id)
    if not 1 <= int(concurrency) <= 200:
        raise ValueError(f"NetSuite concurrency limit must be between 1 and 200, got {concurrency}")
    for label, value in (
        ("name", name),
        ("NetSuite connection id", netsuite_conn_id),
        ("AP connection id", ap_conn_id),
    ):
        if not (value or "").strip():
            raise ValueError(f"the partner's {label} is required")


def register(
    engine: Engine, partner_id: str, name: str, netsuite_conn_id: str, ap_conn_id: str, concurrency: int = 5
) -> Partner:
    """Add the partner, or update it; a connection another partner holds is refused (``ConnectionInUse``)."""
    validate_registration(partner_id, name, netsuite_conn_id, ap_conn_id, concurrency)
    values = {
        "partner_id": partner_id,
        "name": name.strip(),
        "netsuite_conn_id": netsuite_conn_id.strip(),
        "ap_conn_id": ap_conn_id.strip(),
        "netsuite_concurrency": int(concurrency),
    }
    _refuse_connections_in_use(engine, values)
    try:
        with engine.begin() as conn:
            conn.execute(load_sql("partners/register.sql"), {**values, "now": utcnow()})
            disconnections.clear(conn, partner_id)
    except IntegrityError:
        # Another registration took the connection between the check and the write.
        _refuse_connections_in_use(engine, values)
        raise
    return get(engine, partner_id)


def _refuse_connections_in_use(engine: Engine, values: dict) -> None:
    with engine.connect() as conn:
        owner = conn.execute(load_sql("partners/connection_owner.sql"), values).mappings().first()
    if owner is None:
        return
    if owner["ap_conn_id"] == values["ap_conn_id"]:
        raise ConnectionInUse(values["ap_conn_id"], owner["partner_id"], values["partner_id"], "AP")
    raise ConnectionInUse(values["netsuite_conn_id"], owner["partner_id"], values["partner_id"], "NetSuite")


def get(engine: Engine, partner_id: str) -> Partner:
    with engine.connect() as conn:
        row = conn.execute(load_sql("partners/get.sql"), {"partner_id": partner_id}).mappings().first()
    if row is None:
        raise UnknownPartner(partner_id)
    return Partner(**row)


def all_partners(engine: Engine) -> list[Partner]:
    with engine.connect() as conn:
        return [Partner(**row) for row in conn.execute(load_sql("partners/list.sql")).mappings()]


def set_status(engine: Engine, partner_id: str, status: str, message: str | None = None) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown partner status {status!r}; one of {STATUSES}")
    _update(engine, "partners/set_status.sql", partner_id, status=status, message=message)


def set_phase(
    engine: Engine, partner_id: str, phase: str, done: int, left: int, history_boundary: str | None = None
) -> None:
    if phase not in PHASES:
        raise ValueError(f"unknown initial-sync phase {phase!r}; one of {PHASES}")
    _update(
        engine,
        "partners/set_phase.sql",
        partner_id,
        phase=phase,
        done=done,
        left=left,
        history_boundary=history_boundary,
    )


def add_progress(engine: Engine, partner_id: str, done: int) -> None:
    _update(engine, "partners/add_progress.sql", partner_id, done=done)


def set_accounts(
    engine: Engine,
    partner_id: str,
    undeposited_funds_account_id: str,
    bank_account_id: str,
    fee_account_id: str | None = None,
    other_deposits_account_id: str | None = None,
) -> None:
    _update(
        engine,
        "partners/set_accounts.sql",
        partner_id,
        undeposited_funds_account_id=undeposited_funds_account_id,
        bank_account_id=bank_account_id,
        fee_account_id=fee_account_id,
        other_deposits_account_id=other_deposits_account_id,
    )


def set_payment_reversals(
    engine: Engine, partner_id: str, payment_reversals: str, dispute_fee_account_id: str | None = None
) -> None:
    """'manual' (S2) or 'automatic' (R1-R4, which needs the dispute-fee account)."""
    if payment_reversals not in PAYMENT_REVERSALS:
        raise ValueError(f"payment reversals must be one of {', '.join(PAYMENT_REVERSALS)}, not {payment_reversals!r}")
    if payment_reversals == "automatic" and not dispute_fee_account_id:
        raise ValueError("automatic payment reversals need the dispute-fee account chosen")
    _update(
        engine,
        "partners/set_payment_reversals.sql",
        partner_id,
        payment_reversals=payment_reversals,
        dispute_fee_account_id=dispute_fee_account_id,
    )


def _update(engine: Engine, statement: str, partner_id: str, **values) -> None:
    with engine.begin() as conn:
        result = conn.execute(load_sql(statement), {"partner_id": partner_id, "now": utcnow(), **values})
    if result.rowcount == 0:
        raise UnknownPartner(partner_id)
