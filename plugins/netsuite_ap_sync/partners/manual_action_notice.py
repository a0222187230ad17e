"""Say so when a run lists a new manual action: a WARNING line in the task's log
naming it, and a notification through an Airflow notifier when one is set.

``SYNC_MANUAL_ACTION_NOTIFIER`` names the notifier as ``module:attribute``: a
``BaseNotifier`` instance, or a class or factory that makes one without
arguments (for example one that reads its Slack or SMTP connection id). Its
``notify`` gets a context with ``manual_action`` (partner, rule, record,
invoice, amount and what to do) and ``message``. A notifier that fails is
logged and never fails the run.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)
NOTIFIER_VARIABLE = "SYNC_MANUAL_ACTION_NOTIFIER"


def describe(action: Mapping[str, Any]) -> str:
    invoice = f" invoice {action['invoice_number']}" if action.get("invoice_number") else ""
    amount = f" amount {action['amount']}" if action.get("amount") is not None else ""
    return (
        f"partner {action['partner_id']}: manual action {action['rule']} on {action['object_type']} "
        f"{action['source_id']}{invoice}{amount}: {action['message']}"
    )


def announce(action: Mapping[str, Any]) -> None:
    """Log the new manual action as a WARNING and hand it to the configured notifier, if any."""
    message = describe(action)
    log.warning("%s (open it on the Manual actions page, mark it done there)", message)
    notifier = configured_notifier()
    if notifier is None:
        return
    try:
        notifier.notify({"manual_action": dict(action), "message": message})
    except Exception as exc:  # a notification is a courtesy; the action is recorded either way
        log.warning("could not send the manual-action notification (%s): %s", type(exc).__name__, exc)


def configured_notifier():
    spec = os.environ.get(NOTIFIER_VARIABLE, "").strip()
    if not spec:
        return None
    module_name, _, attribute = spec.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), attribute)
        notifier = found if hasattr(found, "notify") and not isinstance(found, type) else found()
        if not hasattr(notifier, "notify"):
            raise TypeError(f"{type(notifier).__name__} has no notify()")
        return notifier
    except Exception as exc:
        log.warning("%s=%r does not name a notifier (%s: %s)", NOTIFIER_VARIABLE, spec, type(exc).__name__, exc)
        return None
