"""What a person does about quarantined records and manual actions, from the
operations pages or ``partners_cli``: each action is recorded with who and when."""

from __future__ import annotations

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import ledger, quarantine, reports


def retry_quarantined(engine: Engine, entry_id: int, by: str, note: str | None = None) -> dict:
    """Ask for an open quarantined record to be tried again on the partner's next run.

    Its staged version is already in every run's work set; what could stop it is a
    mutation AP refused as it stood, which is released here to be sent again.
    Returns the record, with ``released`` (refused mutations released).
    """
    entry = quarantine.request_retry(engine, entry_id, by=by, note=(note or "").strip() or None)
    released = ledger.retry_refused(engine, entry["partner_id"], entry["object_type"], entry["source_id"])
    return {**entry, "released": released}


def close_quarantined(engine: Engine, entry_id: int, action: str, by: str, note: str) -> dict:
    """Resolve or ignore an open quarantined record with a note; a later failure opens it again."""
    return quarantine.close(engine, entry_id, action, by=by, note=note)


def mark_done(engine: Engine, action_id: int, by: str, note: str | None = None) -> dict:
    """The person did what the manual action asked (reverted the payment, archived the customer)."""
    return reports.mark_manual_action_done(engine, action_id, by=by, note=note)
