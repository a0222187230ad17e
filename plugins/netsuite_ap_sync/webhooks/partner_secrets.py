"""A partner's webhook secret, as its AP connection gives it (``alternative_payments_hook.config.webhook_secret``):
the ``webhook_secret`` extra, or else one derived from the connection's API secret and the partner id,
the same the subscriptions are created with.

Read per delivery, so a rotated secret applies at once; it is kept in no cache, table or log. For a
partner id that is not registered (or is disconnected) the same work is done on another partner's
connection and thrown away, so the time to the 401 does not tell a known partner from an unknown one.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import webhook_events

log = logging.getLogger(__name__)


def webhook_secret(engine: Engine, partner_id: str) -> str | None:
    """The secret, or None when the partner is unknown, disconnected or has none (all refused alike)."""
    from airflow.providers.common.compat.sdk import mask_secret
    from airflow.sdk import BaseHook

    from alternative_payments_hook.config import webhook_secret as secret_of

    ap_conn_id, known = webhook_events.secret_connection(engine, partner_id)
    if ap_conn_id is None:  # no partner registered at all: nothing to compare with
        return None
    try:
        conn = BaseHook.get_connection(ap_conn_id)
    except Exception as exc:  # a missing or unreadable connection: refuse, and say which to fix
        if known:
            log.warning("partner %s: AP connection %r unreadable (%s)", partner_id, ap_conn_id, type(exc).__name__)
        return None
    secret = secret_of(conn, partner_id)
    if not known:
        return None
    if secret is None:
        log.warning("partner %s: AP connection %r has no webhook_secret and no API secret", partner_id, ap_conn_id)
    else:
        mask_secret(secret)  # redacted should anything ever print it
    return secret
