"""NetSuite's error bodies become exceptions that carry status, code, detail and path."""

from __future__ import annotations

import json

import pytest
import requests

from netsuite_hook.errors import (
    NetSuiteApiError,
    NetSuiteAuthError,
    NetSuiteNotFound,
    NetSuitePermissionError,
    NetSuiteRateLimited,
    NetSuiteServerError,
    error_from_response,
    parse_error_body,
)
from netsuite_hook.redaction import Redactor


def _response(status: int, body, url="https://1-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/invoice?x=1"):
    response = requests.Response()
    response.status_code = status
    response._content = (json.dumps(body) if not isinstance(body, str) else body).encode()
    response.request = requests.Request("POST", url).prepare()
    response.url = url
    return response


REST_ERROR = {
    "type": "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
    "title": "Bad Request",
    "status": 400,
    "o:errorDetails": [
        {"detail": "Invalid field value 12x.", "o:errorCode": "INVALID_CONTENT", "o:errorPath": "apply.items[0].amount"}
    ],
}


def test_rest_error_message_carries_status_code_detail_and_path():
    error = error_from_response(_response(400, REST_ERROR))
    assert isinstance(error, NetSuiteApiError)
    assert (error.status, error.code, error.error_path) == (400, "INVALID_CONTENT", "apply.items[0].amount")
    text = str(error)
    for part in ("400", "INVALID_CONTENT", "Invalid field value 12x.", "apply.items[0].amount", "POST"):
        assert part in text
    assert "/services/rest/record/v1/invoice" in text
    assert "x=1" not in text  # no query string in messages


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, NetSuiteAuthError),
        (403, NetSuitePermissionError),
        (404, NetSuiteNotFound),
        (429, NetSuiteRateLimited),
        (500, NetSuiteServerError),
        (503, NetSuiteServerError),
        (409, NetSuiteApiError),
    ],
)
def test_error_class_follows_status(status, cls):
    assert type(error_from_response(_response(status, {"o:errorDetails": []}))) is cls


def test_oauth_and_restlet_error_bodies_are_understood():
    _title, details = parse_error_body(json.dumps({"error": "invalid_grant", "error_description": "expired"}))
    assert (details[0].code, details[0].detail) == ("invalid_grant", "expired")
    _title, details = parse_error_body(json.dumps({"error": {"code": "SSS_MISSING_REQD_ARGUMENT", "message": "id"}}))
    assert (details[0].code, details[0].detail) == ("SSS_MISSING_REQD_ARGUMENT", "id")


def test_non_json_error_body_is_kept_short():
    error = error_from_response(_response(502, "<html>" + "gateway " * 200 + "</html>"))
    assert error.status == 502
    assert len(error.detail) <= 300


def test_secret_echoed_by_netsuite_is_redacted_from_the_message():
    body = {"o:errorDetails": [{"detail": "bad token s3cr3t-token-value", "o:errorCode": "INVALID_LOGIN"}]}
    error = error_from_response(_response(401, body), redact=Redactor(["s3cr3t-token-value"]))
    assert "s3cr3t-token-value" not in str(error)
    assert "s3cr3t-token-value" not in repr(error)
    assert "***" in str(error)


def test_attempts_are_reported_when_retries_gave_up():
    error = error_from_response(_response(429, {"o:errorDetails": []}), attempts=4)
    assert "after 4 attempts" in str(error)
