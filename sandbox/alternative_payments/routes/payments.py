"""``/payments``: list (with ``invoice_id`` and ``updated_at_start``), read, charge a stored method."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.alternative_payments import payments
from sandbox.alternative_payments.jsonio import json_object, respond
from sandbox.alternative_payments.queries import Query, between
from sandbox.alternative_payments.routes.common import context, get_answer, list_answer, require_token

router = APIRouter(tags=["payments"], dependencies=[Depends(require_token)])
FILTERS = {
    "type",
    "status",
    "customer_id",
    "invoice_id",
    "payment_method",
    "payout_id",
    "created_at_start",
    "created_at_end",
    "updated_at_start",
}


@router.get("/payments")
async def list_payments(request: Request) -> JSONResponse:
    q = Query(request, FILTERS)
    created = q.timestamp("created_at_start"), q.timestamp("created_at_end")
    updated_start = q.timestamp("updated_at_start")
    equal = {key: q.string(key) for key in ("type", "customer_id", "invoice_id", "payout_id")}
    equal["status"] = q.choice("status", payments.STATUSES)
    equal["payment_method"] = q.choice("payment_method", payments.METHODS)
    page = q.page()

    def keep(p: dict) -> bool:
        return (
            between(p["created_at"], *created)
            and between(p["updated_at"], updated_start, None)
            and all(value is None or p[key] == value for key, value in equal.items())
        )

    return list_answer(context(request), "payments", keep, page)


@router.post("/payments", status_code=201)
async def charge(request: Request) -> JSONResponse:
    payment, created = payments.charge(context(request).store, await json_object(request))
    return respond(payment, status=201 if created else 200)


@router.get("/payments/{payment_id}")
async def get_payment(payment_id: str, request: Request) -> JSONResponse:
    return get_answer(context(request), "payments", payment_id)
