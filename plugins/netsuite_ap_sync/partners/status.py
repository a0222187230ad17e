"""A partner's status, kept in the warehouse and reported to AP's integration page.

A revoked or expired NetSuite grant sets ``reconnect_required`` with a message
that says what to do, and fails the task without retries: retrying cannot fix
it, and other partners run in their own task instances. Other errors no retry
can fix (a missing connection, refused AP credentials, a wrong account choice)
fail the task at once too, with their own text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from netsuite_ap_sync.engine.context import RunContext

log = logging.getLogger(__name__)

RECONNECT_MESSAGE = (
    "NetSuite no longer accepts this partner's authorization ({error}). "
    "Reconnect NetSuite from the Integrations page (or run `python -m netsuite_hook.authorize "
    "--conn-id {conn_id}`), then the sync resumes on its own."
)


def set_status(ctx: RunContext, status: str, message: str | None = None, progress: dict | None = None) -> None:
    """Record the status in the warehouse, and tell AP (best effort: AP being down must not hide it)."""
    if ctx.dry_run:
        return
    ctx.wh.partner.set_status(status, message)
    try:
        ctx.ap.put_integration_status(status, progress=progress or _progress(ctx), message=message)
    except Exception as exc:  # the warehouse already holds the status
        log.warning("partner %s: could not report status %s to AP: %s", ctx.partner_id, status, exc)


def _progress(ctx: RunContext) -> dict:
    ctx.refresh()
    p = ctx.partner
    return {"phase": p.initial_phase, "records_done": p.progress_done, "records_left": p.progress_left}


@contextmanager
def partner_guard(ctx: RunContext) -> Iterator[None]:
    """Turn a lost NetSuite grant into ``reconnect_required``, and it and every other error no retry
    can fix into a task failure without retries."""
    from airflow.sdk.exceptions import AirflowFailException

    from netsuite_ap_sync.engine.errors import failure_text, retry_cannot_fix
    from netsuite_hook.errors import NetSuiteAuthError

    try:
        yield
    except NetSuiteAuthError as exc:
        message = RECONNECT_MESSAGE.format(error=exc, conn_id=ctx.partner.netsuite_conn_id)
        set_status(ctx, "reconnect_required", message)
        raise AirflowFailException(f"partner {ctx.partner_id}: {message}") from exc
    except Exception as exc:
        if not retry_cannot_fix(exc):
            raise
        raise AirflowFailException(f"partner {ctx.partner_id}: {failure_text(exc)}") from exc
