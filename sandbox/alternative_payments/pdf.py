"""Checks on uploaded invoice PDFs: declared type, size cap, and a real parse with pypdf."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from sandbox.alternative_payments.errors import ApiError

# pypdf warns about every quirk it repairs; a rejected upload is reported in the response.
logging.getLogger("pypdf").setLevel(logging.ERROR)


async def _read_capped(request: Request, limit: int) -> bytes:
    """The body, or 413 when it is over ``limit``; an oversized body is still drained so
    that the client, which may still be sending, reads the 413 instead of a reset."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size <= limit:
            chunks.append(chunk)
    if size > limit:
        message = f"the PDF is larger than the limit of {limit} bytes ({limit / 2**20:g} MB)"
        raise ApiError(413, "payload_too_large", message)
    return b"".join(chunks)


def count_pages(body: bytes) -> int:
    """Pages in ``body``; raises a 422 naming ``body`` when it is not a readable PDF."""
    if not body.startswith(b"%PDF-"):
        raise ApiError.validation({"body": "is not a PDF (it does not start with %PDF-)"})
    try:
        pages = len(PdfReader(io.BytesIO(body)).pages)
    except Exception as exc:  # pypdf raises many types for many kinds of damage
        raise ApiError.validation({"body": f"is not a readable PDF ({exc.__class__.__name__})"}) from exc
    if pages < 1:
        raise ApiError.validation({"body": "the PDF has no pages"})
    return pages


async def read_pdf_upload(request: Request, limit: int) -> tuple[bytes, int]:
    """Body and page count of a ``PUT .../pdf``; 413 when too large, 422 when not a PDF."""
    body = await _read_capped(request, limit)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/pdf":
        raise ApiError.validation({"content_type": f"must be application/pdf, not {content_type or 'missing'}"})
    if not body:
        raise ApiError.validation({"body": "is empty"})
    return body, await run_in_threadpool(count_pages, body)
