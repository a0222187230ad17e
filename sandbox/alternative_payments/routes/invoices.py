"""``/invoices``: Part A (list, create, read, archive, payment link) and Part B (update, PDF)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.alternative_payments import invoices
from sandbox.alternative_payments.errors import ApiError
from sandbox.alternative_payments.jsonio import json_object, respond
from sandbox.alternative_payments.pdf import read_pdf_upload
from sandbox.alternative_payments.queries import Query, between
from sandbox.alternative_payments.routes.common import context, get_answer, list_answer, require_token

router = APIRouter(tags=["invoices"], dependencies=[Depends(require_token)])
FILTERS = {
    "created_at_start",
    "created_at_end",
    "due_date_start",
    "due_date_end",
    "customer_id",
    "invoice_number",
    "status",
    "external_id",
    "updated_at_start",
}


@router.get("/invoices")
async def list_invoices(request: Request) -> JSONResponse:
    q = Query(request, FILTERS)
    created = q.timestamp("created_at_start"), q.timestamp("created_at_end")
    due = q.date("due_date_start"), q.date("due_date_end")
    updated_start = q.timestamp("updated_at_start")
    equal = {key: q.string(key) for key in ("customer_id", "invoice_number", "external_id")}
    equal["status"] = q.choice("status", invoices.STATUSES)
    page = q.page()

    def keep(i: dict) -> bool:
        return (
            between(i["created_at"], *created)
            and between(i["due_date"], *due)
            and between(i["updated_at"], updated_start, None)
            and all(value is None or i[key] == value for key, value in equal.items())
        )

    return list_answer(context(request), "invoices", keep, page)


@router.post("/invoices", status_code=201)
async def create_invoice(request: Request) -> JSONResponse:
    return respond(invoices.create(context(request).store, await json_object(request)), status=201)


@router.get("/invoices/{invoice_id}")
async def get_invoice(invoice_id: str, request: Request) -> JSONResponse:
    return get_answer(context(request), "invoices", invoice_id)


@router.patch("/invoices/{invoice_id}")
async def update_invoice(invoice_id: str, request: Request) -> JSONResponse:
    return respond(invoices.update(context(request).store, invoice_id, await json_object(request)))


@router.delete("/invoices/{invoice_id}")
async def archive_invoice(invoice_id: str, request: Request) -> JSONResponse:
    return respond(invoices.archive(context(request).store, invoice_id))


@router.get("/invoices/{invoice_id}/payment-link")
async def payment_link(invoice_id: str, request: Request) -> JSONResponse:
    store = context(request).store
    with store.lock:
        invoice = store.get("invoices", invoice_id)
    if invoice["status"] == "archived":
        raise ApiError.conflict("invoice_archived", f"invoice {invoice_id} is archived")
    return respond({"invoice_id": invoice_id, "url": f"{request.base_url}pay/{invoice_id}"})


@router.put("/invoices/{invoice_id}/pdf")
async def upload_pdf(invoice_id: str, request: Request) -> JSONResponse:
    ctx = context(request)
    with ctx.store.lock:
        ctx.store.get("invoices", invoice_id)
    body, pages = await read_pdf_upload(request, ctx.settings.max_pdf_bytes)
    return respond(invoices.attach_pdf(ctx.store, invoice_id, body, pages))


@router.get("/invoices/{invoice_id}/pdf")
async def download_pdf(invoice_id: str, request: Request) -> Response:
    pdf = invoices.read_pdf(context(request).store, invoice_id)
    return Response(pdf, media_type="application/pdf")
