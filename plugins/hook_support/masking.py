"""Register secrets with Airflow's log masker, many at once.

Airflow's masker rebuilds one regular expression of every secret it knows each time it learns a
new one, so registering a partner's secrets one by one costs a rebuild each, and each rebuild
grows with every partner already registered: in a process that serves hundreds of partners (the
scheduled runs' ``find_work``) that dominated its CPU. ``mask_all`` adds a batch of secrets to the
masker of this process with one rebuild, then hands each to Airflow's ``mask_secret`` as before,
which finds it known here (no rebuild) and tells the task's supervisor, as it always did.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable

from airflow.sdk.log import mask_secret

_lock = threading.Lock()


def mask_all(secrets: Iterable[str | None], mask: Callable[[str], None] = mask_secret) -> None:
    """Have Airflow show *** wherever one of ``secrets`` would appear in a log (empty ones ignored)."""
    values = list(dict.fromkeys(s for s in secrets if s))
    if len(values) > 1:
        _add_at_once(values)
    for value in values:
        mask(value)


def _add_at_once(values: list[str]) -> None:
    """Add every pattern Airflow's masker would add for ``values`` and rebuild its expression once;
    leave it to ``mask_secret`` when the masker is not built the way this expects."""
    try:
        from airflow.sdk._shared.secrets_masker import _secrets_masker
        from airflow.sdk._shared.secrets_masker.secrets_masker import SECRETS_TO_SKIP_MASKING
    except ImportError:
        return
    masker = _secrets_masker()
    patterns = getattr(masker, "patterns", None)
    adaptations = getattr(masker, "_adaptations", None)
    if not isinstance(patterns, set) or adaptations is None or not hasattr(masker, "replacer"):
        return
    shortest = getattr(masker, "min_length_to_mask", 0)
    with _lock:
        new = {
            re.escape(form)
            for value in values
            if len(value) >= shortest and value.lower() not in SECRETS_TO_SKIP_MASKING
            for form in adaptations(value)
            if form and len(form) >= shortest and form.lower() not in SECRETS_TO_SKIP_MASKING
        } - patterns
        if new:
            patterns.update(new)
            masker.replacer = re.compile("|".join(patterns))
