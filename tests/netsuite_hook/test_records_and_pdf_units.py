"""External ids, Location parsing and PDF checks, without a server."""

from __future__ import annotations

import base64

import pytest

from netsuite_hook.errors import InvalidExternalId, InvalidPdf, NetSuiteError
from netsuite_hook.records import id_from_location, validate_external_id
from netsuite_hook.restlet import MAX_PDF_BYTES, decode_pdf


@pytest.mark.parametrize("external_id", ["apay-123", "apo_9", "apsd-P-1-2", "A1"])
def test_allowed_external_ids(external_id):
    assert validate_external_id(external_id) == external_id


@pytest.mark.parametrize("external_id", ["", "apay 1", "apay/1", "eid:1", "apay.1", "ü1", "a?b", None])
def test_external_ids_with_other_characters_are_refused(external_id):
    with pytest.raises(InvalidExternalId):
        validate_external_id(external_id)


def test_new_id_parsed_from_location():
    location = "https://1-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customerpayment/4711"
    assert id_from_location(location, "customerpayment") == "4711"


@pytest.mark.parametrize(
    "location", [None, "", "https://x/services/rest/record/v1/invoice/abc", "https://x/record/v1/deposit/5"]
)
def test_unusable_location_is_an_error(location):
    with pytest.raises(NetSuiteError):
        id_from_location(location, "customerpayment")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_pdf_decoded_from_restlet_json_or_bare_string():
    encoded = base64.b64encode(PDF).decode()
    assert decode_pdf({"fileName": "INV1.pdf", "contents": encoded}) == PDF
    assert decode_pdf(encoded) == PDF


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"contents": base64.b64encode(b"<html>not a pdf</html>").decode()}, "no %PDF"),
        ({"contents": "***not base64***"}, "not valid base64"),
        ({"fileName": "x.pdf"}, "without base64"),
        ({"contents": base64.b64encode(b"%PDF" + b"0" * MAX_PDF_BYTES).decode()}, "larger than"),
    ],
)
def test_bad_pdf_answers_are_refused(payload, message):
    with pytest.raises(InvalidPdf, match=message):
        decode_pdf(payload)
