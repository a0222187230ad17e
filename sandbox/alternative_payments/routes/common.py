"""Shared pieces of the route modules: the instance context, auth, list answers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.alternative_payments.context import SandboxContext
from sandbox.alternative_payments.jsonio import respond
from sandbox.alternative_payments.queries import PageRequest, paginate


def context(request: Request) -> SandboxContext:
    return request.app.state.ap


def require_token(request: Request) -> str:
    """FastAPI dependency: the caller's client id, or 401 (missing, unknown or expired token)."""
    return context(request).tokens.verify(request.headers.get("authorization"))


def list_answer(ctx: SandboxContext, collection: str, keep: Callable[[dict], bool], page: PageRequest) -> JSONResponse:
    with ctx.store.lock:
        records: Iterable[dict] = [r for r in ctx.store.collections[collection].values() if keep(r)]
        answer = paginate(records, page, render=dict, repeat_cursor=ctx.settings.repeat_cursor)
        return respond(answer)


def get_answer(ctx: SandboxContext, collection: str, record_id: str) -> JSONResponse:
    with ctx.store.lock:
        return respond(ctx.store.get(collection, record_id))
