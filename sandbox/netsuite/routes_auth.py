"""OAuth 2.0 endpoints: token, revoke, and the consent page."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from sandbox.netsuite import oauth2
from sandbox.netsuite.errors import OAuthError

if TYPE_CHECKING:
    from sandbox.netsuite.sandbox import NetSuiteSandbox

TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"
AUTHORIZE_PATH = "/app/login/oauth2/authorize.nl"


async def _form(request: Request) -> dict[str, str]:
    raw = (await request.body()).decode("utf-8", "replace")
    return dict(parse_qsl(raw, keep_blank_values=True))


def auth_router(sandbox: NetSuiteSandbox) -> APIRouter:
    router = APIRouter()

    @router.post(TOKEN_PATH)
    async def token(request: Request) -> JSONResponse:
        form = await _form(request)
        grant = form.get("grant_type")
        token_url = str(request.url.replace(query=""))
        try:
            if grant == "client_credentials":
                body = oauth2.client_credentials(sandbox, form, token_url)
            elif grant in ("authorization_code", "refresh_token"):
                oauth2.client_from_basic(sandbox, request.headers.get("authorization"))
                body = (oauth2.authorization_code if grant == "authorization_code" else oauth2.refresh_token)(
                    sandbox, form
                )
            else:
                raise OAuthError("unsupported_grant_type", f"grant_type {grant!r} is not supported")
        except OAuthError as error:
            sandbox.audit.failure(sandbox.clock.now_utc().isoformat(), "OAuth 2.0", error.error, TOKEN_PATH)
            return error.response()
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    @router.post("/services/rest/auth/oauth2/v1/revoke")
    async def revoke(request: Request) -> Response:
        try:
            oauth2.client_from_basic(sandbox, request.headers.get("authorization"))
        except OAuthError as error:
            return error.response()
        sandbox.tokens.revoke((await _form(request)).get("token", ""))
        return Response(status_code=200)

    @router.get(AUTHORIZE_PATH, response_model=None)
    async def authorize(request: Request) -> HTMLResponse | RedirectResponse:
        return oauth2.start_authorization(sandbox, dict(request.query_params))

    @router.post(AUTHORIZE_PATH, response_model=None)
    async def decide(request: Request) -> HTMLResponse | RedirectResponse:
        return oauth2.finish_authorization(sandbox, await _form(request))

    return router
