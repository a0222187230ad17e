"""AP's webhook subscriptions for a partner, managed by the project.

``ensure`` makes the partner's endpoint, ``<base_url>/webhooks/ap/<partner_id>``, subscribed
exactly once to each topic in ``TOPICS``: missing ones are created with the partner's secret,
duplicates and subscriptions of that endpoint to other topics are deleted. ``remove`` deletes
every subscription of the endpoint. Both read ``GET /webhooks`` first, so running them again
changes nothing. The base URL is ``SYNC_WEBHOOK_BASE_URL`` (environment, or ``[sync]
webhook_base_url`` in Airflow's config); unset, nothing is subscribed and the 5-minute poll alone
moves the payments.

AP lists no secret, so a subscription whose secret is stale (rotated) cannot be seen here:
``ensure(..., replace=True)`` deletes and recreates the endpoint's subscriptions with the
current secret. The secret is never logged, returned or put in an exception.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

BASE_URL_ENV = "SYNC_WEBHOOK_BASE_URL"

# What the sync acts on: payments (and their reversals), payouts, invoices paid.
TOPICS = (
    "payment_succeeded",
    "payment_failed",
    "payment_refunded",
    "payment_chargeback",
    "payout_paid",
    "payout_processing",
    "payout_scheduled",
    "payout_failed",
    "invoice_paid",
)


@dataclass
class Outcome:
    """What ``ensure`` or ``remove`` changed: subscription ids by topic, kept, created, deleted."""

    endpoint_url: str
    kept: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"endpoint_url": self.endpoint_url, "kept": self.kept, "created": self.created, "deleted": self.deleted}


def base_url() -> str | None:
    """``SYNC_WEBHOOK_BASE_URL`` (environment first, then Airflow config ``[sync] webhook_base_url``)."""
    value = os.environ.get(BASE_URL_ENV)
    if value is None:
        try:
            from airflow.configuration import conf

            value = conf.get("sync", "webhook_base_url", fallback=None)
        except Exception:  # no Airflow config readable: treated as unset
            value = None
    value = (value or "").strip().rstrip("/")
    return value or None


def endpoint_url(base: str, partner_id: str) -> str:
    return f"{base.rstrip('/')}/webhooks/ap/{partner_id}"


def subscriptions(hook: Any, url: str) -> list[dict[str, Any]]:
    """The active subscriptions of ``url``, oldest first as AP lists them."""
    found = []
    for page in hook.iter_webhooks(status="active"):
        found.extend(w for w in page if w.get("endpoint_url") == url and w.get("status", "active") == "active")
    return found


def ensure(hook: Any, partner_id: str, base: str, secret: str, *, replace: bool = False) -> Outcome:
    """One active subscription per topic in ``TOPICS`` for the partner's endpoint, with ``secret``."""
    if not secret:
        raise ValueError(f"partner {partner_id!r} has no webhook secret to subscribe with")
    url = endpoint_url(base, partner_id)
    outcome = Outcome(url)
    existing = subscriptions(hook, url)
    if replace:
        _delete(hook, existing, outcome)
        existing = []
    keep: dict[str, dict[str, Any]] = {}
    extra = []
    for webhook in existing:
        topic = webhook.get("topic")
        if topic in TOPICS and topic not in keep and webhook.get("has_secret_key", True):
            keep[topic] = webhook
        else:
            extra.append(webhook)
    outcome.kept = [keep[t]["id"] for t in TOPICS if t in keep]
    for topic in TOPICS:
        if topic not in keep:
            outcome.created.append(hook.create_webhook(url, topic, secret)["id"])
    _delete(hook, extra, outcome)
    log.info(
        "partner %s: AP webhooks to %s: %d kept, %d created, %d deleted",
        partner_id,
        url,
        len(outcome.kept),
        len(outcome.created),
        len(outcome.deleted),
    )
    return outcome


def remove(hook: Any, partner_id: str, base: str) -> Outcome:
    """Delete every subscription of the partner's endpoint."""
    url = endpoint_url(base, partner_id)
    outcome = Outcome(url)
    _delete(hook, subscriptions(hook, url), outcome)
    log.info("partner %s: AP webhooks to %s: %d deleted", partner_id, url, len(outcome.deleted))
    return outcome


def _delete(hook: Any, webhooks: Iterable[dict[str, Any]], outcome: Outcome) -> None:
    for webhook in webhooks:
        hook.delete_webhook(webhook["id"])
        outcome.deleted.append(webhook["id"])


# Calls made where a partner is registered or disconnected: never fail those.


def _partner_hook_and_secret(ap_conn_id: str, partner_id: str) -> tuple[Any, str | None]:
    from airflow.providers.common.compat.sdk import mask_secret
    from airflow.sdk import BaseHook

    from alternative_payments_hook.config import webhook_secret
    from alternative_payments_hook.hook import AlternativePaymentsHook

    secret = webhook_secret(BaseHook.get_connection(ap_conn_id), partner_id)
    if secret:
        mask_secret(secret)
    return AlternativePaymentsHook(ap_conn_id), secret


def subscribe_partner(partner_id: str, ap_conn_id: str) -> dict[str, Any]:
    """``ensure`` for a partner just registered or connected; a failure is logged and returned, not raised.

    ``{"managed": False}`` when ``SYNC_WEBHOOK_BASE_URL`` is unset; otherwise the outcome, or
    ``{"managed": True, "error": ...}`` (the error's type and AP's message, never the secret).
    """
    base = base_url()
    if base is None:
        log.info("%s is not set: AP webhooks are not subscribed, the payments poll alone is used", BASE_URL_ENV)
        return {"managed": False}
    try:
        hook, secret = _partner_hook_and_secret(ap_conn_id, partner_id)
        if secret is None:
            raise ValueError(f"AP connection {ap_conn_id!r} has neither a webhook_secret nor an API secret")
        return {"managed": True, **ensure(hook, partner_id, base, secret).as_dict()}
    except Exception as exc:
        return _failed("subscribe", partner_id, exc)


def unsubscribe_partner(partner_id: str, ap_conn_id: str) -> dict[str, Any]:
    """``remove`` for a partner being disconnected; a failure is logged and returned, not raised."""
    base = base_url()
    if base is None:
        log.info("%s is not set: no AP webhooks to remove, the payments poll alone is used", BASE_URL_ENV)
        return {"managed": False}
    try:
        from alternative_payments_hook.hook import AlternativePaymentsHook

        return {"managed": True, **remove(AlternativePaymentsHook(ap_conn_id), partner_id, base).as_dict()}
    except Exception as exc:
        return _failed("unsubscribe", partner_id, exc)


def _failed(action: str, partner_id: str, exc: Exception) -> dict[str, Any]:
    # AP's messages and our own name no secret; the exception's text is what AP or the hook said.
    error = f"{type(exc).__name__}: {exc}"[:500]
    log.warning(
        "partner %s: could not %s AP webhooks (%s); the payments poll still moves everything",
        partner_id,
        action,
        error,
    )
    return {"managed": True, "error": error}
