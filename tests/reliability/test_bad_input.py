"""A catalogue of malformed inputs from both APIs, injected into the answers in
flight (``wire``): each bad record is quarantined with a reason a person can
act on while the rest of its batch syncs, or the whole answer is refused with
an error that says what came instead, and the retry syncs everything.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from alternative_payments_hook.errors import PaginationError, PaginationLoopError, UnreadableAnswer
from netsuite_ap_sync.warehouse.staging import ConflictingDuplicates
from netsuite_ap_sync.warehouse.sync_state import get_watermark
from netsuite_hook.errors import NetSuiteServerError
from netsuite_hook.errors import PaginationLoopError as NetSuiteLoop
from netsuite_hook.errors import UnreadableAnswer as NetSuiteUnreadable
from sandbox.start_time import SANDBOX_NOW
from tests.reliability.wire import (
    HTML_ERROR_PAGE,
    Wire,
    api_path,
    json_items,
    raw,
    set_fields,
    suiteql_from,
    with_body,
)
from tests.reliability.worlds import ap_invoices, money, open_quarantine, staged_outcome, synced_world, touch

INVOICES = suiteql_from("FROM transaction t")
CUSTOMERS = suiteql_from("FROM customer c")
TODAY = SANDBOX_NOW.date().isoformat()


@dataclass(frozen=True)
class Bad:
    """One malformed record: the fields changed in flight, and the quarantine it must end in."""

    name: str
    changes: dict
    check: str
    reason: str  # words the reason must contain

    def __str__(self) -> str:
        return self.name


# --- NetSuite -> AP: invoices, customers and PDFs of one hourly run -------------------------------

INVOICE_CASES = [
    Bad("null_invoice_number", {"tranid": None}, "gx:tran_id_present", "invoice number (tranid) is missing"),
    Bad("missing_id", {"id": None}, "gx:source_id_present", "invoice id is missing"),
    Bad("negative_total", {"foreigntotal": "-10.00"}, "gx:total_not_negative", "total is negative"),
    Bad("non_numeric_total", {"foreigntotal": "12,50"}, "gx:total_present", "(received: 12,50)"),
    Bad("infinite_total", {"foreigntotal": "Infinity"}, "gx:total_present", "(received: Infinity)"),
    Bad("null_total", {"foreigntotal": None}, "gx:total_present", "total is missing or not readable"),
    Bad("null_amount_unpaid", {"foreignamountunpaid": None}, "gx:amount_unpaid_present", "amount unpaid is missing"),
    Bad(
        "negative_amount_unpaid",
        {"foreignamountunpaid": "-1.00"},
        "gx:amount_unpaid_not_negative",
        "amount unpaid is negative",
    ),
    Bad("unpaid_above_total", {"foreignamountunpaid": "9999.00"}, "gx:amount_unpaid_le_total", "above the total"),
    Bad(
        "unsupported_currency",
        {"currencysymbol": "JPY"},
        "gx:currency_known",
        "currency 'JPY' is not supported by Alternative Payments",
    ),
    Bad("unknown_customer", {"entity": "99999"}, "gx:customer_known", "customer '99999' has not been synced"),
    Bad("null_customer", {"entity": None}, "gx:customer_id_present", "customer (entity) is missing"),
    Bad("unparseable_date", {"trandate": "31/12/2025"}, "gx:tran_date_present", "(received: 31/12/2025)"),
    Bad(
        "time_zone_shifted_last_modified",
        {"lastmodifieddate": f"{TODAY}T23:59:59+02:00"},
        "gx:source_modified_format",
        "is not 'YYYY-MM-DD HH:MM:SS' in NetSuite's clock",
    ),
    Bad("unknown_status", {"status": "Invoice : Exploded"}, "gx:status_known", "'Exploded' is not a status"),
    Bad(
        "due_before_invoice_date",
        {"duedate": "2001-01-01"},
        "gx:due_date_not_before_tran_date",
        "is before the invoice date",
    ),
]
CUSTOMER_CASES = [
    Bad("null_customer_name", {"entityid": None}, "gx:entity_id_present", "customer name/number (entityid) is missing"),
    Bad(
        "customer_last_modified_in_another_format",
        {"lastmodifieddate": "26.11.2026 10:00"},
        "gx:source_modified_format",
        "'26.11.2026 10:00' is not 'YYYY-MM-DD HH:MM:SS'",
    ),
]
FIFTEEN_MB = b"%PDF-1.4\n" + b"0" * (15 * 1024 * 1024)
PDF_CASES = {
    "not_a_pdf": ({"contents": base64.b64encode(b"Invoice as plain text").decode()}, "no %PDF signature"),
    "pdf_of_15_mb": ({"contents": base64.b64encode(FIFTEEN_MB).decode()}, "larger than 10485760 bytes"),
    "html_page_instead_of_pdf": (HTML_ERROR_PAGE.decode(), "not valid base64"),
}
GOOD = 3  # invoices in the same batch with nothing wrong


def _restlet_for(invoice_id: int):
    def match(request) -> bool:
        return "/app/site/hosting/restlet.nl" in request.url and f"invoiceId={invoice_id}" in request.url

    return match


@dataclass
class InboundRun:
    world: object
    bad: dict[str, int] = field(default_factory=dict)  # case -> NetSuite id
    good: list[int] = field(default_factory=list)
    result: dict = field(default_factory=dict)
    quarantine: dict = field(default_factory=dict)
    ap: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def inbound(tmp_path_factory):
    """One hourly run whose NetSuite answers carry every malformed invoice, customer and PDF at once."""
    total = len(INVOICE_CASES) + len(PDF_CASES) + GOOD
    with (
        synced_world(tmp_path_factory.mktemp("inbound"), invoices=total, partner_id="badin") as (world, _, ids),
        pytest.MonkeyPatch.context() as monkeypatch,
    ):
        run = InboundRun(world)
        wire = Wire().install(monkeypatch)
        customers = [
            world.ns_controls.create_customer(f"Customer {case.name}", email="x@customers.example.com")["id"]
            for case in CUSTOMER_CASES
        ]
        touch(world, ids, "edited in NetSuite")
        for case, invoice_id in zip(INVOICE_CASES, ids, strict=False):
            run.bad[case.name] = invoice_id
            wire.on(INVOICES, json_items(set_fields(invoice_id, **case.changes)))
        for case, customer_id in zip(CUSTOMER_CASES, customers, strict=True):
            run.bad[case.name] = customer_id
            wire.on(CUSTOMERS, json_items(set_fields(customer_id, **case.changes)))
        pdf_ids = ids[len(INVOICE_CASES) : len(INVOICE_CASES) + len(PDF_CASES)]
        for (name, (answer, _)), invoice_id in zip(PDF_CASES.items(), pdf_ids, strict=True):
            run.bad[name] = invoice_id
            body = answer if isinstance(answer, str) else json.dumps(answer)
            wire.on(_restlet_for(invoice_id), raw(body.encode(), content_type="application/json"))
        run.good = ids[len(INVOICE_CASES) + len(PDF_CASES) :]
        run.result = world.hourly()
        run.quarantine = open_quarantine(world)
        run.ap = ap_invoices(world)
        wire.clear()
        yield run


@pytest.mark.parametrize("case", INVOICE_CASES, ids=str)
def test_I4_malformed_netsuite_invoice_is_quarantined_with_a_reason(inbound, case):
    source_id = "" if case.name == "missing_id" else str(inbound.bad[case.name])
    entry = inbound.quarantine.get(("invoice", source_id))
    assert entry is not None, f"{case.name}: not quarantined; open entries {sorted(inbound.quarantine)}"
    checks = {e["check_name"] for (kind, sid), e in inbound.quarantine.items() if (kind, sid) == ("invoice", source_id)}
    assert case.check in checks | {entry["check_name"]}
    reasons = " ".join(
        e["reason"] for (kind, sid), e in inbound.quarantine.items() if (kind, sid) == ("invoice", source_id)
    )
    assert case.reason in reasons
    if case.name != "missing_id":
        assert inbound.ap[source_id]["memo"] != "edited in NetSuite", "the bad version did not reach AP"


@pytest.mark.parametrize("case", CUSTOMER_CASES, ids=str)
def test_I4_malformed_netsuite_customer_is_quarantined_with_a_reason(inbound, case):
    entry = inbound.quarantine.get(("customer", str(inbound.bad[case.name])))
    assert entry is not None and entry["check_name"] == case.check
    assert case.reason in entry["reason"]
    customers = {c["external_id"] for c in inbound.world.ap_controls.state()["customers"]}
    assert str(inbound.bad[case.name]) not in customers


@pytest.mark.parametrize("name", PDF_CASES)
def test_F8_unusable_pdf_from_the_restlet_is_quarantined_and_the_invoice_still_syncs(inbound, name):
    invoice_id = str(inbound.bad[name])
    entries = [e for (kind, sid), e in inbound.quarantine.items() if sid == invoice_id]
    assert [e["check_name"] for e in entries] == ["F8:attach_pdf_rejected"]
    assert PDF_CASES[name][1] in entries[0]["reason"]
    assert inbound.ap[invoice_id]["memo"] == "edited in NetSuite", "the invoice itself synced"


def test_I4_the_rest_of_the_malformed_batch_syncs(inbound):
    for invoice_id in inbound.good:
        invoice = inbound.ap[str(invoice_id)]
        assert invoice["memo"] == "edited in NetSuite"
        assert invoice["pdf"] is not None
    assert inbound.result["invoices"]["applied"] >= GOOD + len(PDF_CASES)


def test_I4_the_run_report_counts_validation_quarantines_by_check_with_reasons_and_records(inbound):
    from netsuite_ap_sync.warehouse import quarantine

    reasons = {
        (e["object_type"], e["source_id"], e["check_name"]): e["reason"]
        for e in quarantine.open_entries(inbound.world.engine, inbound.world.partner_id)
    }
    bad = {str(i) for i in inbound.bad.values()} | {""}
    for kind, cases in (("invoice", INVOICE_CASES), ("customer", CUSTOMER_CASES)):
        report = inbound.result[f"{kind}s"]["quarantines"]
        for case in cases:
            entry = report.get(case.check)
            assert entry is not None and entry["records"] >= 1, f"{case.name}: {case.check} not in the run report"
            assert 1 <= len(entry["samples"]) <= min(entry["records"], 3)
            for sample in entry["samples"]:
                assert sample["source_id"] in bad
                assert sample["reason"] == reasons[(kind, sample["source_id"], case.check)], "the stored reason"
    pdfs = inbound.result["pdfs"]["quarantines"]["F8:attach_pdf_rejected"]
    assert pdfs["records"] == len(PDF_CASES)
    assert {s["source_id"] for s in pdfs["samples"]} == {str(inbound.bad[name]) for name in PDF_CASES}


def test_I5_a_malformed_last_modified_date_never_becomes_the_watermark(inbound):
    watermark = get_watermark(inbound.world.engine, inbound.world.partner_id, "invoice")
    assert watermark is not None and "T" not in watermark and len(watermark) == 19
    touch(inbound.world, inbound.good[:1], "edited again")
    inbound.world.hourly()
    assert ap_invoices(inbound.world)[str(inbound.good[0])]["memo"] == "edited again"


# --- AP -> NetSuite: payments and payouts of one payments run -------------------------------------

PAYMENT_CASES = [
    Bad("payment_negative_total", {"total": -5}, "gx:total_not_negative", "total is negative"),
    Bad("payment_non_numeric_total", {"total": "ten"}, "gx:total_present", "(received: ten)"),
    Bad("payment_null_total", {"total": None}, "gx:total_present", "total is missing"),
    Bad("payment_negative_sub_total", {"sub_total": -3}, "gx:sub_total_not_negative", "sub total is negative"),
    Bad("payment_unknown_status", {"status": "disputed"}, "gx:status_known", "'disputed' is not a status"),
    Bad("payment_missing_id", {"id": None}, "gx:source_id_present", "payment id is missing"),
]
PAYOUT_CASES = [
    Bad("payout_negative_total", {"total": -1}, "gx:total_not_negative", "total is negative"),
    Bad("payout_unknown_status", {"status": "vanished"}, "gx:status_known", "'vanished' is not a status"),
]


@dataclass
class OutboundRun:
    world: object
    payments: dict[str, str] = field(default_factory=dict)  # case -> AP payment id
    payouts: dict[str, str] = field(default_factory=dict)
    good_payments: list[str] = field(default_factory=list)
    good_payout: str = ""
    quarantine: dict = field(default_factory=dict)
    ns_payments: dict = field(default_factory=dict)
    ns_deposits: dict = field(default_factory=dict)


def _by_external_id(world, kind: str) -> dict[str, dict]:
    return {r["externalid"]: r for r in world.ns_controls.records({kind})[kind] if r.get("externalid")}


@pytest.fixture(scope="module")
def outbound(tmp_path_factory):
    """One payments run whose AP answers carry every malformed payment and payout at once."""
    n_bad = len(PAYMENT_CASES) + 1  # and one naming an invoice AP does not list
    n_posted = 2 + len(PAYOUT_CASES) + 1  # the good payout's, one per bad payout, one for the unknown-payments payout
    with (
        synced_world(tmp_path_factory.mktemp("outbound"), invoices=n_bad + n_posted, partner_id="badout") as (
            world,
            _,
            ids,
        ),
        pytest.MonkeyPatch.context() as monkeypatch,
    ):
        run = OutboundRun(world)
        ap = world.ap_controls
        invoices = ap_invoices(world)
        posted = [ap.pay_invoice(invoices[str(i)]["id"])["id"] for i in ids[:n_posted]]
        world.payments()  # these post, so the payouts below could deposit them
        run.good_payments = posted[:2]
        run.good_payout = ap.create_payout(payment_ids=posted[:2])["id"]
        bad_payouts = [ap.create_payout(payment_ids=[pid])["id"] for pid in posted[2 : 2 + len(PAYOUT_CASES)]]
        unknown_payout = ap.create_payout(payment_ids=[posted[-1]])["id"]
        bad_payments = [ap.pay_invoice(invoices[str(i)]["id"])["id"] for i in ids[n_posted:]]

        wire = Wire().install(monkeypatch)
        for case, payment_id in zip(PAYMENT_CASES, bad_payments, strict=False):
            run.payments[case.name] = payment_id
            wire.on(api_path("GET", "/payments"), json_items(set_fields(payment_id, **case.changes), key="data"))
        run.payments["payment_unknown_invoice"] = bad_payments[-1]
        wire.on(
            api_path("GET", "/payments"),
            json_items(set_fields(bad_payments[-1], invoice_id="inv_not_in_ap"), key="data"),
        )
        for case, payout_id in zip(PAYOUT_CASES, bad_payouts, strict=True):
            run.payouts[case.name] = payout_id
            wire.on(api_path("GET", "/payouts"), json_items(set_fields(payout_id, **case.changes), key="data"))
        run.payouts["payout_unknown_payments"] = unknown_payout
        wire.on(
            api_path("GET", f"/payouts/{unknown_payout}/transactions"),
            json_items(lambda items: [{**items[0], "id": "pay_never_heard_of"}], key="data"),
        )
        world.payments()
        run.quarantine = open_quarantine(world)
        wire.clear()
        run.ns_payments = _by_external_id(world, "payments")
        run.ns_deposits = _by_external_id(world, "deposits")
        yield run


@pytest.mark.parametrize("case", PAYMENT_CASES, ids=str)
def test_I4_malformed_ap_payment_is_quarantined_with_a_reason(outbound, case):
    payment_id = outbound.payments[case.name]
    source_id = "" if case.name == "payment_missing_id" else payment_id
    entry = outbound.quarantine.get(("payment", source_id))
    assert entry is not None, f"{case.name}: not quarantined; open entries {sorted(outbound.quarantine)}"
    assert entry["check_name"] == case.check
    assert case.reason in entry["reason"]
    assert f"apay-{payment_id}" not in outbound.ns_payments or case.name == "payment_missing_id"


@pytest.mark.parametrize("case", PAYOUT_CASES, ids=str)
def test_I4_malformed_ap_payout_is_quarantined_with_a_reason(outbound, case):
    payout_id = outbound.payouts[case.name]
    entry = outbound.quarantine.get(("payout", payout_id))
    assert entry is not None and entry["check_name"] == case.check
    assert case.reason in entry["reason"]
    assert f"apo-{payout_id}" not in outbound.ns_deposits


def test_F3_ap_payment_naming_an_invoice_ap_does_not_list_is_held_not_posted(outbound):
    payment_id = outbound.payments["payment_unknown_invoice"]
    assert staged_outcome(outbound.world, "stg_ap_payment", payment_id) == ("held", "F3")
    assert f"apay-{payment_id}" not in outbound.ns_payments


def test_F4_payout_naming_unknown_payments_is_held_not_deposited(outbound):
    payout_id = outbound.payouts["payout_unknown_payments"]
    assert staged_outcome(outbound.world, "stg_ap_payout", payout_id) == ("held", "F4")
    assert f"apo-{payout_id}" not in outbound.ns_deposits


def test_I4_the_rest_of_the_malformed_payments_batch_posts(outbound):
    for payment_id in outbound.good_payments:
        assert f"apay-{payment_id}" in outbound.ns_payments
    deposit = outbound.ns_deposits[f"apo-{outbound.good_payout}"]
    payout = next(p for p in outbound.world.ap_controls.state()["payouts"] if p["id"] == outbound.good_payout)
    assert money(deposit["foreigntotal"]) == money(payout["total"])


def test_I1_once_read_right_held_payments_post_and_quarantined_ones_stay_listed(outbound):
    """A held record is read again (the watermark waits for it, I5); one quarantined for what came in
    transit stays quarantined with its reason until AP changes it, and I1 exempts it."""
    world = outbound.world
    world.payments()
    posted = _by_external_id(world, "payments")
    assert f"apay-{outbound.payments['payment_unknown_invoice']}" in posted
    assert f"apay-{outbound.payments['payment_missing_id']}" in posted, "its own id came right: a new record"
    still = open_quarantine(world)
    for case in PAYMENT_CASES:
        if case.name != "payment_missing_id":
            assert ("payment", outbound.payments[case.name]) in still
    assert world.audit()["violations"] == []


# --- Answers refused whole: the step fails with an error that says what came, the retry syncs ------


@pytest.fixture(scope="module")
def calls(tmp_path_factory):
    """A synced partner whose NetSuite retries give up after a few seconds (answers refused whole)."""
    with (
        synced_world(
            tmp_path_factory.mktemp("calls"),
            invoices=3,
            partner_id="badcalls",
            connection_options={"retry_budget_seconds": 3},
        ) as (world, _, ids),
        pytest.MonkeyPatch.context() as monkeypatch,
    ):
        yield world, ids, Wire().install(monkeypatch)


def _refused_once(wire, match, rewrite, error, words: str, sync) -> None:
    """``sync`` with one answer rewritten fails with ``error`` saying ``words``; run again as it came, it syncs."""
    wire.on(match, rewrite)
    try:
        with pytest.raises(error) as raised:
            sync()
    finally:
        wire.clear()
    assert words in str(raised.value)
    sync()


def _refused_then_synced(calls, rule_match, rewrite, error, words: str, memo: str) -> None:
    world, ids, wire = calls
    touch(world, ids, memo)
    _refused_once(wire, rule_match, rewrite, error, words, world.hourly)
    assert {ap_invoices(world)[str(i)]["memo"] for i in ids} == {memo}, "the retry synced the whole batch"


def test_netsuite_html_page_instead_of_json_is_refused_with_what_came(calls):
    _refused_then_synced(calls, INVOICES, raw(HTML_ERROR_PAGE), NetSuiteUnreadable, "(text/html)", "html 200")


def test_netsuite_html_error_page_with_502_is_retried_then_refused_with_its_text(calls):
    rewrite = raw(HTML_ERROR_PAGE, status=502)
    _refused_then_synced(calls, INVOICES, rewrite, NetSuiteServerError, "HTTP 502", "html 502")


def test_netsuite_truncated_json_is_refused_with_what_came(calls):
    cut = raw(b'{"links": [], "count": 3, "hasMore": false, "items": [{"id": "10', content_type="application/json")
    _refused_then_synced(calls, INVOICES, cut, NetSuiteUnreadable, "not a JSON object", "truncated")


def test_netsuite_next_link_repeating_a_page_is_refused_as_a_loop(calls):
    def same_page_again(_request, response):
        body = response.json()
        body["hasMore"] = True
        body["links"] = [{"rel": "next", "href": "https://x.example/services/rest/query/v1/suiteql?offset=0"}]
        return with_body(response, json.dumps(body).encode())

    _refused_then_synced(calls, INVOICES, same_page_again, NetSuiteLoop, "loop detected", "looping cursor")


def test_netsuite_page_with_one_id_twice_and_different_values_is_refused(calls):
    _, ids, _ = calls

    def twice(items):
        return [*items, *({**i, "foreigntotal": "1.00"} for i in items if i.get("id") == str(ids[0]))]

    _refused_then_synced(calls, INVOICES, json_items(twice), ConflictingDuplicates, "appears twice", "dup ids")


def test_netsuite_page_with_the_same_row_twice_is_read_once(calls):
    world, ids, wire = calls
    touch(world, ids, "same row twice")
    wire.on(INVOICES, json_items(lambda items: items + [i for i in items if i.get("id") == str(ids[0])]))
    try:
        result = world.hourly()
    finally:
        wire.clear()
    assert result["invoices"]["applied"] == len(ids)
    assert {ap_invoices(world)[str(i)]["memo"] for i in ids} == {"same row twice"}


def _ap_refused_then_posted(calls, rewrite, error, words: str) -> None:
    world, _, wire = calls
    invoice = next(
        i
        for i in world.ap_controls.state()["invoices"]
        if i["status"] in ("open", "partially_paid") and i["amount_due"] >= 1
    )
    payment = world.ap_controls.pay_invoice(invoice["id"], amount=Decimal("1.00"))
    _refused_once(wire, api_path("GET", "/payments"), rewrite, error, words, world.payments)
    assert f"apay-{payment['id']}" in _by_external_id(world, "payments")


def test_ap_html_page_instead_of_json_is_refused_with_what_came(calls):
    _ap_refused_then_posted(calls, raw(HTML_ERROR_PAGE), UnreadableAnswer, "502 Bad Gateway")


def test_ap_truncated_json_is_refused_with_what_came(calls):
    cut = raw(b'{"data": [{"id": "pay_', content_type="application/json")
    _ap_refused_then_posted(calls, cut, UnreadableAnswer, "is not JSON")


def test_ap_cursor_that_repeats_is_refused_as_a_loop(calls):
    def repeat(request, response):
        """Always one more page; asked for the page after X, it answers "after X" again."""
        body = response.json()
        after = parse_qs(urlsplit(request.url).query).get("after")
        body.update(has_next_page=True, end_cursor=after[0] if after else body["end_cursor"])
        return with_body(response, json.dumps(body).encode())

    _ap_refused_then_posted(calls, repeat, PaginationLoopError, "loop detected")


def test_ap_list_answer_without_its_data_list_is_refused(calls):
    _ap_refused_then_posted(
        calls, raw(b'{"items": []}', content_type="application/json"), PaginationError, "no data list"
    )


def test_ap_page_with_one_payment_twice_and_different_values_is_refused(calls):
    def twice(items):
        return [*items, *({**p, "total": "999.00"} for p in items[:1])]

    _ap_refused_then_posted(calls, json_items(twice, key="data"), ConflictingDuplicates, "appears twice")
