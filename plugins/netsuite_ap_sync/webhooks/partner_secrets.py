"""A partner's webhook secret, as its AP connection gives it (``alternative_payments_hook.config.webhook_secret``):
the ``webhook_secret`` extra, or else one derived from the connection's API secret and the partner id,
the same the subscriptions are created with.

Read per delivery, so a rotated secret applies at once; it is kept in no cache, table or log.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import partners

log = logging.getLogger(__name__)


def webhook_secret(engine: Engine, partner_id: str) -> str | None:
    """The secret, or None when the partner is unknown or has none (both refused alike)."""
    from airflow.providers.common.compat.sdk import mask_secret
    from airflow.sdk import BaseHook

    from alternative_payments_hook.config import webhook_secret as secret_of

    try:
        partner = partners.get(engine, partner_id)
    except partners.UnknownPartner:
        return None
    try:
        conn = BaseHook.get_connection(partner.ap_conn_id)
    except Exception as exc:  # a missing or unreadable connection: refuse, and say which to fix
        log.warning("partner %s: AP connection %r unreadable (%s)", partner_id, partner.ap_conn_id, type(exc).__name__)
        return None
    secret = secret_of(conn, partner_id)
    if secret is None:
        log.warning(
            "partner %s: AP connection %r has no webhook_secret and no API secret", partner_id, partner.ap_conn_id
        )
    else:
        mask_secret(secret)  # redacted should anything ever print it
    return secret
