"""Scrub known secret values out of text that may end up in a log or an exception."""

from __future__ import annotations

import threading

MASK = "***"
_MIN_LENGTH = 4  # shorter values would mask ordinary words


class Redactor:
    def __init__(self, secrets: list[str] | None = None) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        for secret in secrets or []:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= _MIN_LENGTH:
            with self._lock:
                self._secrets.add(secret)
                # A PEM key may be echoed line by line.
                self._secrets.update(line for line in secret.splitlines() if len(line) >= 16)

    def __call__(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, MASK)
        return text
