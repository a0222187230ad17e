"""``/customers``: list, create, read, update, archive."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.alternative_payments import customers
from sandbox.alternative_payments.jsonio import json_object, respond
from sandbox.alternative_payments.queries import Query, between
from sandbox.alternative_payments.routes.common import context, get_answer, list_answer, require_token

router = APIRouter(tags=["customers"], dependencies=[Depends(require_token)])
FILTERS = {"created_at_start", "created_at_end", "company_name", "external_id", "updated_at_start", "status"}


@router.get("/customers")
async def list_customers(request: Request) -> JSONResponse:
    q = Query(request, FILTERS)
    created = q.timestamp("created_at_start"), q.timestamp("created_at_end")
    updated_start = q.timestamp("updated_at_start")
    name = (q.string("company_name") or "").lower()
    external_id = q.string("external_id")
    status = q.choice("status", customers.STATUSES)
    page = q.page()

    def keep(c: dict) -> bool:
        return (
            between(c["created_at"], *created)
            and between(c["updated_at"], updated_start, None)
            and (not name or name in c["name"].lower() or name in (c["legal_name"] or "").lower())
            and (external_id is None or c["external_id"] == external_id)
            and (status is None or c["status"] == status)
        )

    return list_answer(context(request), "customers", keep, page)


@router.post("/customers", status_code=201)
async def create_customer(request: Request) -> JSONResponse:
    customer = customers.create(context(request).store, await json_object(request))
    return respond(customer, status=201)


@router.get("/customers/{customer_id}")
async def get_customer(customer_id: str, request: Request) -> JSONResponse:
    return get_answer(context(request), "customers", customer_id)


@router.patch("/customers/{customer_id}")
async def update_customer(customer_id: str, request: Request) -> JSONResponse:
    return respond(customers.update(context(request).store, customer_id, await json_object(request)))


@router.delete("/customers/{customer_id}")
async def archive_customer(customer_id: str, request: Request) -> JSONResponse:
    return respond(customers.archive(context(request).store, customer_id))
