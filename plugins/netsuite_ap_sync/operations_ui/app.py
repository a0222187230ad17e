"""The operations app: server-rendered pages with plain forms, mounted on Airflow's
api-server under ``/operations``.

Every page reads the warehouse through ``warehouse``'s modules; every action goes
through the same code as ``partners_cli`` and is recorded with who and when.
After an action the browser is sent back to the page with a one-line notice.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from netsuite_ap_sync.operations_ui.access import Access, access, login_url, may_act
from netsuite_ap_sync.operations_ui.accounts_form import KINDS, NetSuiteAccounts, netsuite_accounts, reversal_choice
from netsuite_ap_sync.operations_ui.airflow_runs import (
    SYNC_PARTNER_DAG,
    AirflowRuns,
    TriggerRefused,
    airflow_runs,
    run_url,
    runs_url,
)
from netsuite_ap_sync.operations_ui.formatting import money, one_line, pretty_json, when

PREFIX = "/operations"
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
RAW_SHOWN = 100  # records per page shown with their staged version as received


@functools.cache
def _warehouse() -> Engine:
    from netsuite_ap_sync.warehouse import engine_for

    return engine_for()


def warehouse() -> Engine:
    """The pages' warehouse (``warehouse_default``); tests put their own in its place."""
    return _warehouse()


def create_app() -> FastAPI:
    app = FastAPI(title="NetSuite ⇄ AP operations", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(HTTPException)
    async def refused(request: Request, exc: HTTPException):
        if exc.status_code == status.HTTP_401_UNAUTHORIZED and request.method == "GET":
            return RedirectResponse(login_url(request), status.HTTP_303_SEE_OTHER)
        return _page(request, "refused.html", None, {"detail": exc.detail}, exc.status_code)

    @app.get("/", include_in_schema=False)
    def home(request: Request):
        return RedirectResponse(request.url_for("partners_page"), status.HTTP_303_SEE_OTHER)

    @app.get("/partners", response_class=HTMLResponse)
    def partners_page(
        request: Request,
        who: Access = Depends(access),
        engine: Engine = Depends(warehouse),
        runs: AirflowRuns = Depends(airflow_runs),
    ):
        from netsuite_ap_sync.operations_ui.overview import partner_views

        return _page(request, "partners.html", who, {"views": partner_views(engine, runs)})

    @app.post("/partners/{partner_id}/sync")
    def sync_partner(
        request: Request, partner_id: str, who: Access = Depends(may_act), runs: AirflowRuns = Depends(airflow_runs)
    ):
        notice = _trigger(runs, partner_id, who, f"sync now for {partner_id}, from the operations pages")
        return _back(request, "partners_page", notice)

    @app.get("/partners/{partner_id}/accounts", response_class=HTMLResponse)
    def accounts_page(
        request: Request,
        partner_id: str,
        who: Access = Depends(access),
        engine: Engine = Depends(warehouse),
        book: NetSuiteAccounts = Depends(netsuite_accounts),
    ):
        from netsuite_ap_sync.warehouse import partners

        partner = _partner(engine, partner_id)
        choices, problem = [], None
        try:
            choices = book.choices(partner.partner_id)
        except Exception as exc:
            problem = one_line(exc)
        context = {"partner": partner, "choices": choices, "problem": problem, "phases": partners.PHASES}
        context["reversals"] = reversal_choice(partner, choices) if choices else None
        return _page(request, "accounts.html", who, context)

    @app.post("/partners/{partner_id}/payment-reversals")
    def choose_payment_reversals(
        request: Request,
        partner_id: str,
        payment_reversals: str = Form("manual"),
        dispute_fee: str = Form(""),
        who: Access = Depends(may_act),
        engine: Engine = Depends(warehouse),
        book: NetSuiteAccounts = Depends(netsuite_accounts),
    ):
        """R4: manual (S2) or automatic reversals, with the dispute-fee account checked against NetSuite."""
        from netsuite_ap_sync.partners.accounts import AccountChoiceError

        partner = _partner(engine, partner_id)
        try:
            book.choose_reversals(partner.partner_id, payment_reversals, dispute_fee or None)
        except AccountChoiceError as exc:
            return _back(request, "accounts_page", one_line(exc), partner_id)
        notice = f"{partner_id}: payment reversals set to {payment_reversals} by {who.user_name}"
        return _back(request, "partners_page", notice)

    @app.post("/partners/{partner_id}/accounts")
    def choose_accounts(
        request: Request,
        partner_id: str,
        undeposited_funds: str = Form(""),
        bank: str = Form(""),
        fee: str = Form(""),
        other_deposits: str = Form(""),
        fee_ft_method: str = Form(""),
        fee_ft_product: str = Form(""),
        fee_ft_late_payment: str = Form(""),
        fee_ft_interest: str = Form(""),
        fee_covered_by_customer: str = Form(""),
        who: Access = Depends(may_act),
        engine: Engine = Depends(warehouse),
        book: NetSuiteAccounts = Depends(netsuite_accounts),
    ):
        from netsuite_ap_sync.partners.accounts import AccountChoiceError

        partner = _partner(engine, partner_id)
        chosen = {"undeposited_funds": undeposited_funds, "bank": bank, "fee": fee, "other_deposits": other_deposits}
        by_fee_type = {
            "fee_ft_method": fee_ft_method,
            "fee_ft_product": fee_ft_product,
            "fee_ft_late_payment": fee_ft_late_payment,
            "fee_ft_interest": fee_ft_interest,
            "fee_covered_by_customer": fee_covered_by_customer,
        }
        if not (undeposited_funds and bank):
            return _back(request, "accounts_page", "choose the Undeposited Funds and the bank account", partner_id)
        try:
            stored = book.choose(partner.partner_id, {kind: chosen[kind] for kind in KINDS} | by_fee_type)
        except AccountChoiceError as exc:
            return _back(request, "accounts_page", one_line(exc), partner_id)
        notice = f"{partner_id}: accounts saved by {who.user_name}: " + "; ".join(
            f"{kind} {description}" for kind, description in stored.items()
        )
        return _back(request, "partners_page", notice)

    @app.get("/quarantine", response_class=HTMLResponse)
    def quarantine_page(
        request: Request,
        partner: str = "",
        object: str = "",
        check: str = "",
        closed: bool = False,
        who: Access = Depends(access),
        engine: Engine = Depends(warehouse),
    ):
        from netsuite_ap_sync.flows.objects import by_type
        from netsuite_ap_sync.warehouse import quarantine, staging

        records = quarantine.listing(engine, partner, object, check, include_closed=closed)
        for position, record in enumerate(records):
            raw = record["raw_json"]
            spec = by_type(record["object_type"])
            if raw is None and position < RAW_SHOWN and spec:
                raw = staging.latest_raw_json(engine, record["partner_id"], spec.table, record["source_id"])
            record["as_received"] = pretty_json(raw)
        choices = quarantine.filters(engine)
        context = {
            "records": records,
            "filter": {"partner": partner, "object": object, "check": check, "closed": closed},
            "partners": sorted({c["partner_id"] for c in choices} | ({partner} - {""})),
            "objects": sorted({c["object_type"] for c in choices} | ({object} - {""})),
            "checks": sorted({c["check_name"] for c in choices} | ({check} - {""})),
        }
        return _page(request, "quarantine.html", who, context)

    @app.post("/quarantine/{entry_id}/retry")
    def retry(
        request: Request,
        entry_id: int,
        note: str = Form(""),
        run_now: bool = Form(False),
        who: Access = Depends(may_act),
        engine: Engine = Depends(warehouse),
        runs: AirflowRuns = Depends(airflow_runs),
    ):
        from netsuite_ap_sync.partners.person_actions import retry_quarantined
        from netsuite_ap_sync.warehouse.entries import UnknownEntry

        try:
            entry = retry_quarantined(engine, entry_id, by=who.user_name, note=note)
        except UnknownEntry as exc:
            return _back(request, "quarantine_page", one_line(exc))
        what = f"{entry['object_type']} {entry['source_id']} of {entry['partner_id']}"
        notice = f"{what} is tried again on the partner's next run"
        if entry["released"]:
            notice += f" ({entry['released']} refused mutation(s) will be sent again)"
        if run_now:
            notice = _trigger(runs, entry["partner_id"], who, f"retry {what}, from the Quarantine page")
            notice = f"retrying {what}: {notice}"
        return _back(request, "quarantine_page", notice)

    @app.post("/quarantine/{entry_id}/close")
    def close(
        request: Request,
        entry_id: int,
        action: str = Form(...),
        note: str = Form(""),
        who: Access = Depends(may_act),
        engine: Engine = Depends(warehouse),
    ):
        from netsuite_ap_sync.partners.person_actions import close_quarantined
        from netsuite_ap_sync.warehouse.entries import UnknownEntry

        try:
            entry = close_quarantined(engine, entry_id, action, by=who.user_name, note=note)
        except (UnknownEntry, ValueError) as exc:
            return _back(request, "quarantine_page", one_line(exc))
        notice = f"{entry['object_type']} {entry['source_id']} of {entry['partner_id']}: {action} by {who.user_name}"
        return _back(request, "quarantine_page", notice)

    @app.get("/manual-actions", response_class=HTMLResponse)
    def manual_actions_page(
        request: Request,
        partner: str = "",
        done: bool = False,
        who: Access = Depends(access),
        engine: Engine = Depends(warehouse),
    ):
        from netsuite_ap_sync.warehouse import partners, reports

        actions = reports.manual_action_listing(engine, partner, include_done=done)
        context = {
            "actions": actions,
            "filter": {"partner": partner, "done": done},
            "partners": [p.partner_id for p in partners.all_partners(engine)],
        }
        return _page(request, "manual_actions.html", who, context)

    @app.get("/drift", response_class=HTMLResponse)
    def drift_page(
        request: Request, partner: str = "", who: Access = Depends(access), engine: Engine = Depends(warehouse)
    ):
        from netsuite_ap_sync.warehouse import drift_findings, partners

        context = {
            "findings": drift_findings.listing(engine, partner),
            "filter": {"partner": partner},
            "partners": [p.partner_id for p in partners.all_partners(engine)],
        }
        return _page(request, "drift.html", who, context)

    @app.post("/manual-actions/{action_id}/done")
    def mark_done(
        request: Request,
        action_id: int,
        note: str = Form(""),
        who: Access = Depends(may_act),
        engine: Engine = Depends(warehouse),
    ):
        from netsuite_ap_sync.partners.person_actions import mark_done
        from netsuite_ap_sync.warehouse.entries import UnknownEntry

        try:
            action = mark_done(engine, action_id, by=who.user_name, note=note)
        except UnknownEntry as exc:
            return _back(request, "manual_actions_page", one_line(exc))
        notice = f"[{action['rule']}] {action['object_type']} {action['source_id']}: marked done by {who.user_name}"
        return _back(request, "manual_actions_page", notice)

    return app


def _page(request: Request, template: str, who: Access | None, context: dict, status_code: int = 200):
    shared = {
        "who": who,
        "notice": request.query_params.get("notice"),
        "run_url": run_url,
        "runs_url": runs_url,
        "money": money,
        "when": when,
        "sync_partner_dag": SYNC_PARTNER_DAG,
        # The page's filters, kept on the address its forms post to.
        "keep": urlencode({k: v for k, v in request.query_params.items() if k != "notice"}),
    }
    return TEMPLATES.TemplateResponse(request, template, {**shared, **context}, status_code=status_code)


def _back(request: Request, page: str, notice: str, partner_id: str | None = None):
    """Back to a page (after an action), with a one-line notice; the page's filters are kept."""
    url = request.url_for(page, **({"partner_id": partner_id} if partner_id else {}))
    keep = {k: v for k, v in request.query_params.items() if k != "notice"}
    return RedirectResponse(f"{url}?{urlencode({**keep, 'notice': notice})}", status.HTTP_303_SEE_OTHER)


def _trigger(runs: AirflowRuns, partner_id: str, who: Access, note: str) -> str:
    try:
        run_id = runs.trigger_partner_sync(partner_id, who.user_name, note)
    except TriggerRefused as exc:
        return one_line(exc)
    return f"{SYNC_PARTNER_DAG} run {run_id} queued for {partner_id} by {who.user_name}"


def _partner(engine: Engine, partner_id: str):
    from netsuite_ap_sync.warehouse import partners

    try:
        return partners.get(engine, partner_id)
    except partners.UnknownPartner as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, one_line(exc)) from None
