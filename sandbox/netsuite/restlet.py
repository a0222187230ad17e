"""The bundle's RESTlet: given an invoice id, the invoice PDF as N/render would make it (base64)."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from sandbox.netsuite import views
from sandbox.netsuite.errors import RestletError, feature_disabled_detail
from sandbox.netsuite.invoice_pdf import render_invoice
from sandbox.netsuite.settings import FEATURES
from sandbox.netsuite.statuses import INVOICE

if TYPE_CHECKING:
    from sandbox.netsuite.sandbox import NetSuiteSandbox

# The deployment answers to its script ids and to its numeric internal ids.
SCRIPT_INTERNAL_ID, DEPLOY_INTERNAL_ID = "512", "1"


def check_deployment(sandbox: NetSuiteSandbox, script: str | None, deploy: str | None) -> None:
    features = sandbox.settings.runtime.features
    if not features["server_suitescript"]:
        raise RestletError(403, "FEATURE_DISABLED", feature_disabled_detail(FEATURES["server_suitescript"]))
    scripts = {sandbox.settings.restlet_script_id, SCRIPT_INTERNAL_ID}
    deploys = {sandbox.settings.restlet_deploy_id, DEPLOY_INTERNAL_ID}
    if not features["restlet"] or script not in scripts or deploy not in deploys:
        raise RestletError(400, "SSS_INVALID_SCRIPTLET_ID", "That Suitelet is invalid, disabled, or no longer exists.")


def invoice_pdf(sandbox: NetSuiteSandbox, raw_id: Any) -> dict[str, str]:
    if raw_id in (None, ""):
        raise RestletError(400, "MISSING_REQD_ARGUMENT", "Missing a required argument: id")
    try:
        invoice_id = int(raw_id)
    except (TypeError, ValueError):
        raise RestletError(
            400, "INVALID_FLD_VALUE", f"You have entered an Invalid Field Value {raw_id} for id"
        ) from None
    invoice = views.transaction(sandbox.db, invoice_id, INVOICE)
    if invoice is None:
        raise RestletError(400, "RCRD_DSNT_EXIST", "That record does not exist.")
    customer = views.customer(sandbox.db, invoice["entity"]) or {}
    currency = views.currency(sandbox.db, invoice["currency"]) or {"symbol": ""}
    lines = views.invoice_lines(sandbox.db, invoice_id)
    company = f"Sandbox Company ({sandbox.settings.account_id})"
    pdf = render_invoice(invoice, customer, lines, currency["symbol"], company)
    return {"id": str(invoice_id), "filename": f"{invoice['tranid']}.pdf", "contents": base64.b64encode(pdf).decode()}
