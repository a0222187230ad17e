"""``/integrations/{system}`` (Part B): the partner's connection status as the integration reports it."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.alternative_payments import integrations
from sandbox.alternative_payments.jsonio import json_object, respond
from sandbox.alternative_payments.routes.common import context, require_token

router = APIRouter(tags=["integrations"], dependencies=[Depends(require_token)])


@router.put("/integrations/{system}")
async def put_status(system: str, request: Request) -> JSONResponse:
    return respond(integrations.put(context(request).store, system, await json_object(request)))


@router.get("/integrations/{system}")
async def get_status(system: str, request: Request) -> JSONResponse:
    return respond(integrations.get(context(request).store, system))
