"""JSON calls and paged reads on top of the transport; the base of the resource mixins."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from alternative_payments_hook import encoding
from alternative_payments_hook.errors import UnreadableAnswer
from alternative_payments_hook.pagination import DEFAULT_PAGE_SIZE, Page, iter_pages
from alternative_payments_hook.transport import Transport


class ApiCalls:
    """Needs ``transport``; the hook provides it from its Airflow connection."""

    transport: Transport

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> Any:
        """One JSON request; amounts in the answer come back as ``Decimal``."""
        kwargs: dict[str, Any] = {}
        if params:
            kwargs["params"] = encoding.query(params)
        if body is not None:
            kwargs["data"] = encoding.json_body(body)
            kwargs["headers"] = {"Content-Type": "application/json"}
        response = self.transport.request(method, path, **kwargs)
        if not response.content:
            return None
        try:
            return response.json(parse_float=Decimal)
        except ValueError:
            snippet = " ".join(response.text.split())[:200]
            content_type = response.headers.get("Content-Type") or "no content type"
            raise UnreadableAnswer(
                f"Alternative Payments answered {method} {path} with HTTP {response.status_code} ({content_type}) "
                f"that is not JSON: {snippet!r}; a proxy or AP itself cut or replaced the answer, retry the step"
            ) from None

    def pages(self, path: str, filters: Mapping[str, Any], page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[Page]:
        """Page by page through a list endpoint, following cursors."""
        return iter_pages(lambda query: self.call("GET", path, params=query), encoding.query(filters), page_size)

    def first(self, path: str, filters: Mapping[str, Any]) -> dict[str, Any] | None:
        answer = self.call("GET", path, params={**filters, "limit": 1})
        data = answer.get("data") if isinstance(answer, dict) else None
        return data[0] if data else None
