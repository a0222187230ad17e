"""``POST /oauth/token``: client credentials over HTTP Basic, form-encoded body."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.alternative_payments.routes.common import context

router = APIRouter(tags=["auth"])


@router.post("/oauth/token")
async def issue_token(request: Request) -> JSONResponse:
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    grant_type = form.get("grant_type", [None])[0]
    token = context(request).tokens.issue(request.headers.get("authorization"), grant_type)
    return JSONResponse(token, headers={"Cache-Control": "no-store"})
