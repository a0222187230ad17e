"""NetSuite external ids and idempotency keys.

External ids (fixed project-wide): ``apay-<P>`` customer payment for AP payment
P, ``apo-<O>`` deposit for AP payout O (which also holds its S7 payments as
``other`` lines). NetSuite allows letters, digits, ``_`` and ``-`` only; any other
character becomes ``-``.

Idempotency keys use the same alphabet: a readable prefix (target, action,
object, source id) and a digest of the exact parts, so two different effects
never share a key even when their ids sanitise alike.
"""

from __future__ import annotations

import hashlib
import re
from json.encoder import encode_basestring

from netsuite_ap_sync.rules.decisions import canonical_json

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_-]")
EXTERNAL_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
KEY_PATTERN = EXTERNAL_ID_PATTERN
_READABLE_ID_LENGTH = 40
_DIGEST_LENGTH = 24


def sanitize_external_id(raw: str) -> str:
    """``raw`` with every character NetSuite refuses in an external id replaced by ``-``."""
    if not raw:
        raise ValueError("an external id cannot be empty")
    return _NOT_ALLOWED.sub("-", raw)


def payment_external_id(ap_payment_id: str) -> str:
    """External id of the customer payment posted for an AP payment (F3)."""
    return f"apay-{sanitize_external_id(ap_payment_id)}"


def payout_external_id(ap_payout_id: str) -> str:
    """External id of the deposit posted for an AP payout (F4)."""
    return f"apo-{sanitize_external_id(ap_payout_id)}"


def deposit_line_key(ap_payment_id: str, ap_payout_id: str) -> str:
    """Ledger key of an S7 payment posted as a line of its payout's deposit (F4)."""
    return idempotency_key("netsuite", "deposit_line", "payment", ap_payment_id, ap_payout_id)


def idempotency_key(target: str, action: str, object_type: str, source_id: str, *version: str) -> str:
    """Deterministic key of one intended effect.

    ``version`` holds what makes a later effect on the same record different
    (for example the NetSuite ``last_modified`` it was planned from); leave it
    out for effects that happen once per record (creates, reports).
    """
    parts = [target, action, object_type, source_id, *version]
    digest = hashlib.sha256(_parts_json(parts).encode("utf-8")).hexdigest()[:_DIGEST_LENGTH]
    readable = "-".join(sanitize_external_id(part) for part in (target, action, object_type))
    short_id = sanitize_external_id(source_id)[:_READABLE_ID_LENGTH] if source_id else "none"
    return f"{readable}-{short_id}-{digest}"


def _parts_json(parts: list) -> str:
    """``canonical_json(parts)``; for the usual all-text parts, without building an encoder per key."""
    if all(type(part) is str for part in parts):
        return "[" + ",".join(map(encode_basestring, parts)) + "]"
    return canonical_json(parts)


def key_uuid(key: str) -> str:
    """A UUID-shaped form of ``key`` (version 8 layout) for headers that demand one.

    NetSuite's ``X-NetSuite-Idempotency-Key`` takes a UUID; the same key always
    gives the same UUID.
    """
    digits = list(hashlib.sha256(key.encode("utf-8")).hexdigest()[:32])
    digits[12] = "8"  # version 8: custom
    digits[16] = "89ab"[int(digits[16], 16) & 0b11]  # RFC 4122 variant
    text = "".join(digits)
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
