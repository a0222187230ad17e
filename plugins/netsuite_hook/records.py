"""The REST record service: create, update, upsert by external id, get, delete.

Every call sends ``X-NetSuite-PropertyNameValidation: Error`` so a misspelt
field fails loudly instead of being dropped.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from netsuite_hook.errors import InvalidExternalId, NetSuiteError, NetSuiteNotFound
from netsuite_hook.transport import Transport

RECORD_PREFIX = "record/v1"
STRICT_FIELDS = {"X-NetSuite-PropertyNameValidation": "Error"}
_RECORD_TYPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_INTERNAL_ID = re.compile(r"^[0-9]+$")
_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def validate_external_id(external_id: str) -> str:
    if not isinstance(external_id, str) or not _EXTERNAL_ID.match(external_id):
        raise InvalidExternalId(
            f"external id {external_id!r} may hold only letters, digits, '_' and '-' (NetSuite's rule)"
        )
    return external_id


def _record_type(record_type: str) -> str:
    if not _RECORD_TYPE.match(record_type or ""):
        raise ValueError(f"not a record type: {record_type!r}")
    return record_type


def _internal_id(record_id: str | int) -> str:
    text = str(record_id)
    if not _INTERNAL_ID.match(text):
        raise ValueError(f"not a NetSuite internal id: {record_id!r}")
    return text


def id_from_location(location: str | None, record_type: str) -> str:
    """The new record's id from ``Location: .../record/v1/{type}/{id}``."""
    path = urlsplit(location or "").path.rstrip("/")
    head, _, record_id = path.rpartition("/")
    if not _INTERNAL_ID.match(record_id) or not head.lower().endswith(f"/{record_type.lower()}"):
        raise NetSuiteError(f"NetSuite answered without a usable Location for the new {record_type}")
    return record_id


class Records:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def _url(self, record_type: str, ref: str | None = None) -> str:
        path = f"{RECORD_PREFIX}/{_record_type(record_type)}"
        return self.transport.urls.rest_url(f"{path}/{ref}" if ref else path)

    def create(self, record_type: str, body: dict[str, Any]) -> str:
        """POST a new record (not retried after it may have reached NetSuite); returns its id.

        For creates that must not duplicate, prefer :meth:`upsert` with an external id.
        """
        response = self.transport.request("POST", self._url(record_type), json=body, headers=STRICT_FIELDS)
        return id_from_location(response.headers.get("Location"), record_type)

    def update(self, record_type: str, record_id: str | int, body: dict[str, Any]) -> None:
        """PATCH: omitted fields stay as they are, ``None`` clears a field."""
        self.transport.request(
            "PATCH", self._url(record_type, _internal_id(record_id)), json=body, headers=STRICT_FIELDS
        )

    def upsert(self, record_type: str, external_id: str, body: dict[str, Any]) -> str | None:
        """PUT by external id: creates or updates, so repeating it never duplicates.

        Returns the record's internal id when NetSuite gives a Location.
        """
        ref = f"eid:{validate_external_id(external_id)}"
        response = self.transport.request("PUT", self._url(record_type, ref), json=body, headers=STRICT_FIELDS)
        location = response.headers.get("Location")
        return id_from_location(location, record_type) if location else None

    def get(
        self,
        record_type: str,
        record_id: str | int,
        *,
        expand_sub_resources: bool = False,
        fields: list[str] | None = None,
    ) -> dict[str, Any]:
        params: dict[str, str] = {}
        if expand_sub_resources:
            params["expandSubResources"] = "true"
        if fields:
            params["fields"] = ",".join(fields)
        response = self.transport.request(
            "GET", self._url(record_type, _internal_id(record_id)), params=params or None, headers=STRICT_FIELDS
        )
        return response.json()

    def get_by_external_id(
        self, record_type: str, external_id: str, *, expand_sub_resources: bool = False
    ) -> dict[str, Any]:
        ref = f"eid:{validate_external_id(external_id)}"
        params = {"expandSubResources": "true"} if expand_sub_resources else None
        response = self.transport.request("GET", self._url(record_type, ref), params=params, headers=STRICT_FIELDS)
        return response.json()

    def delete(self, record_type: str, record_id: str | int, *, missing_ok: bool = False) -> bool:
        """DELETE; with ``missing_ok`` a record already gone is not an error. True if deleted."""
        try:
            self.transport.request("DELETE", self._url(record_type, _internal_id(record_id)), headers=STRICT_FIELDS)
        except NetSuiteNotFound:
            if missing_ok:
                return False
            raise
        return True
