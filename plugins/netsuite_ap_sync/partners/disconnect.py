"""Disconnecting a partner: its AP webhook subscriptions are removed and it is marked disconnected,
so ``find_work``, the scheduled DAGs and the event DAG skip it; every row it has stays.

The subscriptions go first, so AP stops delivering before the partner stops being synced; a
failure to remove them (AP down) still disconnects the partner and is reported, so the operator
can remove them later (``partners_cli webhooks --partner P --remove``). Registering the partner
again reconnects it (and subscribes it again). Running it twice changes nothing the second time.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import disconnections, partners

log = logging.getLogger(__name__)


def disconnect_partner(engine: Engine, partner_id: str, by: str, reason: str | None = None) -> dict[str, Any]:
    """Remove the partner's webhooks and mark it disconnected; what was done, as a dict.

    ``UnknownPartner`` for a partner never registered.
    """
    from netsuite_ap_sync.webhooks.subscriptions import unsubscribe_partner

    partner = partners.get(engine, partner_id)
    webhooks = unsubscribe_partner(partner_id, partner.ap_conn_id)
    newly = disconnections.record(engine, partner_id, by, reason or f"disconnected by {by.strip()}")
    log.info("partner %s: disconnected by %s (%s); its data stays", partner_id, by, "now" if newly else "already")
    return {"partner_id": partner_id, "disconnected": True, "already_disconnected": not newly, "webhooks": webhooks}
