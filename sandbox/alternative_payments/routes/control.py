"""``/_sandbox/...``: test controls (no auth). What customers and the partner do in AP, plus
state dump, stats, reset, settings, the clock and the webhook deliverer's faults."""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.alternative_payments import customers, invoices, payments, payouts
from sandbox.alternative_payments.demo import load_demo_data
from sandbox.alternative_payments.jsonio import json_object, respond, rfc3339
from sandbox.alternative_payments.routes.common import context
from sandbox.alternative_payments.validation import Fields, parse_timestamp

router = APIRouter(prefix="/_sandbox", tags=["sandbox controls"])


@router.get("/state")
@router.get("/records")
async def state(request: Request) -> JSONResponse:
    return respond(context(request).store.dump())


@router.get("/stats")
async def stats(request: Request) -> JSONResponse:
    ctx = context(request)
    return respond({**ctx.stats.snapshot(), "webhook_deliveries": ctx.deliverer.summary()})


@router.post("/stats/reset")
async def reset_stats(request: Request) -> JSONResponse:
    context(request).stats.reset()
    return respond({"ok": True})


@router.post("/reset")
async def reset(request: Request) -> JSONResponse:
    context(request).reset()
    return respond({"ok": True})


@router.post("/demo-data")
async def demo_data(request: Request) -> JSONResponse:
    return respond(load_demo_data(context(request).store), status=201)


@router.get("/settings")
async def get_settings(request: Request) -> JSONResponse:
    return respond(context(request).settings.public())


@router.post("/settings")
async def update_settings(request: Request) -> JSONResponse:
    ctx = context(request)
    changes = await json_object(request)
    ctx.settings.update(changes)
    if "seed" in changes:
        ctx.dice.reseed(ctx.settings.seed)
    return respond(ctx.settings.public())


@router.get("/webhooks/controls")
async def get_webhook_controls(request: Request) -> JSONResponse:
    return respond(context(request).deliverer.update_controls({}))


@router.post("/webhooks/controls")
async def update_webhook_controls(request: Request) -> JSONResponse:
    """``{"drop_rate"?, "drop_next"?, "duplicate_rate"?, "duplicate_next"?, "hold"?, "max_attempts"?,
    "retry_base_seconds"?, "timeout_seconds"?, "seed"?}``."""
    return respond(context(request).deliverer.update_controls(await json_object(request)))


@router.post("/webhooks/release")
async def release_webhooks(request: Request) -> JSONResponse:
    """``{"order"?: "reverse" (default) | "shuffle" | "in_order"}``: send the held deliveries, stop holding."""
    fields = Fields(await json_object(request), {"order"})
    order = fields.string("order") or "reverse"
    fields.done()
    return respond({"released": context(request).deliverer.release(order)})


@router.get("/webhooks/deliveries")
async def webhook_deliveries(request: Request) -> JSONResponse:
    """Every delivery attempt, oldest first, with ``idle`` true once nothing is queued or in flight."""
    deliverer = context(request).deliverer
    return respond({"idle": deliverer.idle(), "data": deliverer.attempts()})


def _clock_answer(request: Request) -> JSONResponse:
    clock = context(request).clock
    return respond({"now": rfc3339(clock.now()), "offset_seconds": clock.offset_seconds})


@router.get("/clock")
async def get_clock(request: Request) -> JSONResponse:
    return _clock_answer(request)


@router.post("/clock")
async def move_clock(request: Request) -> JSONResponse:
    """``{"advance_seconds": n}`` or ``{"now": "<RFC 3339>"}``; the clock never goes back."""
    clock = context(request).clock
    body = await json_object(request)
    fields = Fields(body, {"advance_seconds", "now"})
    seconds, moment = body.get("advance_seconds"), body.get("now")
    if (seconds is None) == (moment is None):
        fields.fail("advance_seconds", "give exactly one of advance_seconds and now")
    elif seconds is not None:
        if not _is_non_negative_number(seconds):
            fields.fail("advance_seconds", "must be a number >= 0")
    else:
        target = parse_timestamp(moment) if isinstance(moment, str) else None
        if target is None or target < clock.now():
            fields.fail("now", "must be an RFC 3339 timestamp with a time zone, not in the past")
    fields.done()
    if seconds is not None:
        clock.advance(float(seconds))
    else:
        clock.set(target)
    return _clock_answer(request)


def _is_non_negative_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool) and value >= 0


@router.post("/customers", status_code=201)
async def partner_creates_customer(request: Request) -> JSONResponse:
    """The partner adds a customer in AP by hand: it has no external_id."""
    body = await json_object(request)
    return respond(customers.create(context(request).store, body, allow_external_id=False), status=201)


@router.post("/customers/{customer_id}/payment-method")
async def add_payment_method(customer_id: str, request: Request) -> JSONResponse:
    fields = Fields(await json_object(request), {"type"})
    method = fields.choice("type", payments.METHODS, required=True)
    fields.done()
    return respond(customers.set_payment_method(context(request).store, customer_id, method))


@router.post("/invoices", status_code=201)
async def partner_creates_invoice(request: Request) -> JSONResponse:
    """The partner creates an invoice directly in AP: it has no external_id."""
    body = await json_object(request)
    return respond(invoices.create(context(request).store, body, allow_external_id=False), status=201)


@router.patch("/invoices/{invoice_id}")
async def partner_edits_invoice(invoice_id: str, request: Request) -> JSONResponse:
    """The partner changes an invoice in AP (amount, due date, lines, memo)."""
    body = await json_object(request)
    store = context(request).store
    return respond(invoices.update(store, invoice_id, body, allowed=invoices.PARTNER_EDITABLE))


@router.post("/invoices/{invoice_id}/pay", status_code=201)
async def customer_pays(invoice_id: str, request: Request) -> JSONResponse:
    """``{"amount"?, "payment_method": "card"|"ach", "surcharge"?, "status": "succeeded"|"pending"}``."""
    body = await json_object(request)
    return respond(payments.pay_invoice(context(request).store, invoice_id, body), status=201)


@router.post("/payments/{payment_id}/succeed")
async def payment_settles(payment_id: str, request: Request) -> JSONResponse:
    return respond(payments.succeed(context(request).store, payment_id))


async def _reverse(request: Request, payment_id: str, status: str) -> JSONResponse:
    body = await json_object(request)
    fields = Fields(body, {"reason"})
    reason = fields.string("reason")
    fields.done()
    return respond(payments.reverse(context(request).store, payment_id, status, reason))


@router.post("/payments/{payment_id}/fail")
async def payment_fails(payment_id: str, request: Request) -> JSONResponse:
    """An ACH return or a late card failure; ``{"reason"?}``."""
    return await _reverse(request, payment_id, "failed")


@router.post("/payments/{payment_id}/refund")
async def payment_refunded(payment_id: str, request: Request) -> JSONResponse:
    return await _reverse(request, payment_id, "refunded")


@router.post("/payments/{payment_id}/chargeback")
async def payment_charged_back(payment_id: str, request: Request) -> JSONResponse:
    return await _reverse(request, payment_id, "chargeback")


@router.post("/payouts", status_code=201)
async def create_payout(request: Request) -> JSONResponse:
    """``{"payment_ids"?, "fee_percent"?, "fee_fixed"?, "status"?, "arrival_date"?}``."""
    ctx = context(request)
    return respond(payouts.create(ctx.store, ctx.settings, await json_object(request)), status=201)


@router.post("/payouts/{payout_id}/status")
async def set_payout_status(payout_id: str, request: Request) -> JSONResponse:
    return respond(payouts.set_status(context(request).store, payout_id, await json_object(request)))
