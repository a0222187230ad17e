"""The receiver AP delivers webhooks to: ``POST /webhooks/ap/{partner_id}``.

AP signs nothing; a delivery carries ``Authorization: Bearer <secret_key>`` of the
subscription, so the bearer is compared (in constant time) with the partner's webhook
secret. Anything else is a 401, the same for an unknown partner, so the answer reveals no
partner. An accepted event is written to ``webhook_event`` before the 2xx: AP retries what
is not acknowledged, and a duplicate or late delivery adds nothing (unique AP event id).
A body over ``MAX_BODY_BYTES`` is a 413, told by its Content-Length before anything is read, or
else by counting while it streams in: an endless body is never held whole.
"""

from __future__ import annotations

import functools
import hmac
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import webhook_events

PREFIX = "/webhooks"
MAX_BODY_BYTES = 1024 * 1024
log = logging.getLogger(__name__)

SecretLookup = Callable[[str], str | None]
# Compared against when the partner has no secret, so both refusals take the same path.
_NO_SECRET = secrets.token_urlsafe(32)


@functools.cache
def _warehouse() -> Engine:
    from netsuite_ap_sync.warehouse import engine_for

    return engine_for()


def warehouse() -> Engine:
    """The queue's warehouse (``warehouse_default``); tests put their own in its place."""
    return _warehouse()


def secret_lookup(engine: Engine = Depends(warehouse)) -> SecretLookup:
    from netsuite_ap_sync.webhooks.partner_secrets import webhook_secret

    return functools.partial(webhook_secret, engine)


def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def is_authorized(lookup: SecretLookup, partner_id: str, authorization: str | None) -> bool:
    secret = lookup(partner_id)
    token = bearer_token(authorization) or ""
    matches = hmac.compare_digest(token.encode(), (secret or _NO_SECRET).encode())
    return matches and secret is not None


class BadEvent(ValueError):
    pass


class TooLarge(BadEvent):
    def __init__(self) -> None:
        super().__init__(f"body over {MAX_BODY_BYTES} bytes")


async def read_capped(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, refused (``TooLarge``) as soon as its declared length or what has arrived exceeds ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def parse_event(body: bytes) -> dict[str, Any]:
    """An AP event: a JSON object with a string ``id`` and ``topic`` (as ``GET /webhooks/events`` lists)."""
    if len(body) > MAX_BODY_BYTES:
        raise TooLarge()
    try:
        event = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadEvent("body is not JSON") from exc
    if not isinstance(event, dict):
        raise BadEvent("body is not a JSON object")
    for key in ("id", "topic"):
        if not isinstance(event.get(key), str) or not event[key]:
            raise BadEvent(f"event has no {key}")
    return event


def _refused() -> JSONResponse:
    return JSONResponse({"detail": "unauthorized"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})


def create_app() -> FastAPI:
    """The app as the api-server mounts it under ``PREFIX``: its route is ``/ap/{partner_id}``."""
    app = FastAPI(title="AP webhook receiver", docs_url=None, redoc_url=None, openapi_url=None)

    @app.post("/ap/{partner_id}")
    async def receive(
        partner_id: str,
        request: Request,
        engine: Engine = Depends(warehouse),
        lookup: SecretLookup = Depends(secret_lookup),
    ) -> JSONResponse:
        authorization = request.headers.get("authorization")
        if not await run_in_threadpool(is_authorized, lookup, partner_id, authorization):
            log.warning("refused an AP webhook delivery for partner path %r: bad or missing bearer", partner_id)
            return _refused()
        try:
            event = parse_event(await read_capped(request))
        except TooLarge as exc:
            return JSONResponse({"detail": str(exc)}, status_code=413)
        except BadEvent as exc:
            return JSONResponse({"detail": str(exc)}, status_code=400)
        queued = await run_in_threadpool(webhook_events.enqueue, engine, partner_id, event)
        log.info("AP event %s (%s) for partner %s %s", event["id"], event["topic"], partner_id, _fate(queued))
        return JSONResponse({"event_id": event["id"], "duplicate": not queued})

    return app


def _fate(queued: bool) -> str:
    return "queued" if queued else "already queued"


def standalone_app(receiver: FastAPI | None = None) -> FastAPI:
    """The receiver (``create_app()`` unless given) at the same path as on the api-server, for uvicorn and tests."""
    outer = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    outer.mount(PREFIX, receiver or create_app())
    return outer
