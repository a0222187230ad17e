"""The bundle's RESTlet: invoice PDFs rendered by NetSuite (``N/render``), and a liveness ping."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from netsuite_hook.errors import ConfigurationError, InvalidPdf
from netsuite_hook.transport import Transport

MAX_PDF_BYTES = 10 * 1024 * 1024
_CONTENT_KEYS = ("contents", "content", "pdf")


def decode_pdf(payload: Any) -> bytes:
    """Base64 PDF from the RESTlet's answer; checks the %PDF signature and the 10 MB limit."""
    encoded = payload
    if isinstance(payload, dict):
        encoded = next((payload[k] for k in _CONTENT_KEYS if isinstance(payload.get(k), str)), None)
    if not isinstance(encoded, str) or not encoded.strip():
        raise InvalidPdf("the RESTlet answered without base64 PDF contents")
    if len(encoded) > (MAX_PDF_BYTES * 4) // 3 + 8:
        raise InvalidPdf(f"the PDF is larger than {MAX_PDF_BYTES} bytes")
    try:
        data = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidPdf("the RESTlet's contents are not valid base64") from None
    if len(data) > MAX_PDF_BYTES:
        raise InvalidPdf(f"the PDF is larger than {MAX_PDF_BYTES} bytes")
    if not data.startswith(b"%PDF"):
        raise InvalidPdf("the RESTlet's contents are not a PDF (no %PDF signature)")
    return data


def _payload(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text  # a bare base64 body


class Restlet:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        settings = transport.settings
        self.script_id = settings.restlet_script_id
        self.deploy_id = settings.restlet_deploy_id

    def _params(self, **extra: str) -> dict[str, str]:
        if not self.script_id or not self.deploy_id:
            raise ConfigurationError(
                "the connection needs restlet_script_id and restlet_deploy_id (the bundle's RESTlet deployment)"
            )
        return {"script": self.script_id, "deploy": self.deploy_id, **extra}

    def get(self, **params: str) -> Any:
        response = self.transport.request("GET", self.transport.urls.restlet_endpoint, params=self._params(**params))
        return _payload(response.text)

    def ping(self) -> Any:
        return self.get(action="ping")

    def invoice_pdf(self, invoice_id: str | int) -> bytes:
        if not str(invoice_id).isdigit():
            raise ValueError(f"not a NetSuite internal id: {invoice_id!r}")
        return decode_pdf(self.get(invoiceId=str(invoice_id)))
