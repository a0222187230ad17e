"""``/payouts``: list (incremental by ``updated_at_start``), read, and the payments in one."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.alternative_payments import payouts
from sandbox.alternative_payments.queries import Query, between
from sandbox.alternative_payments.routes.common import context, get_answer, list_answer, require_token

router = APIRouter(tags=["payouts"], dependencies=[Depends(require_token)])
FILTERS = {"status", "customer_id", "invoice_id", "start_date", "end_date", "updated_at_start"}


@router.get("/payouts")
async def list_payouts(request: Request) -> JSONResponse:
    q = Query(request, FILTERS)
    status = q.choice("status", payouts.STATUSES)
    customer_id, invoice_id = q.string("customer_id"), q.string("invoice_id")
    arrival = q.date("start_date"), q.date("end_date")
    updated_start = q.timestamp("updated_at_start")
    page = q.page()
    ctx = context(request)

    def contains(payout: dict, key: str, value: str | None) -> bool:
        return value is None or any(ctx.store.payments[p][key] == value for p in payout["payment_ids"])

    def keep(o: dict) -> bool:
        return (
            (status is None or o["status"] == status)
            and between(o["arrival_date"], *arrival)
            and between(o["updated_at"], updated_start, None)
            and contains(o, "customer_id", customer_id)
            and contains(o, "invoice_id", invoice_id)
        )

    return list_answer(ctx, "payouts", keep, page)


@router.get("/payouts/{payout_id}")
async def get_payout(payout_id: str, request: Request) -> JSONResponse:
    return get_answer(context(request), "payouts", payout_id)


@router.get("/payouts/{payout_id}/transactions")
async def payout_transactions(payout_id: str, request: Request) -> JSONResponse:
    page = Query(request, set()).page()
    ctx = context(request)
    with ctx.store.lock:
        members = set(ctx.store.get("payouts", payout_id)["payment_ids"])
    return list_answer(ctx, "payments", lambda p: p["id"] in members, page)
