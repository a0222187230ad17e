"""Keep known secret values out of logs and exceptions: scrubbed from text we build,
and registered with Airflow's log masker for whatever else gets logged."""

from __future__ import annotations

import threading

from airflow.sdk.log import mask_secret

from hook_support.masking import mask_all, mask_here

MASK = "***"
_MIN_LENGTH = 4  # shorter values would mask ordinary words


class Redactor:
    def __init__(self, secrets: list[str] | None = None) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        for secret in secrets or []:
            self.add(secret)

    def add(self, secret: str | None) -> list[str]:
        """Remember ``secret``; returns the values now masked for it."""
        if not secret or len(secret) < _MIN_LENGTH:
            return []
        values = [secret, *_lines(secret)]
        with self._lock:
            self._secrets.update(values)
        return values

    def __call__(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, MASK)
        return text


def _lines(secret: str) -> list[str]:
    """A PEM key may be echoed line by line."""
    return [line for line in secret.splitlines() if len(line) >= 16 and line != secret]


def mask_in_task_logs(*secrets: str | None) -> None:
    """Have Airflow show *** wherever one of ``secrets``, or a line of one, would appear in a task log."""
    mask_all(secrets, mask=mask_secret)
    mask_here(line for secret in secrets if secret for line in _lines(secret))
