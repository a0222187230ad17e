"""Register secrets with Airflow's log masker without a rebuild for each.

Airflow's masker (one per process) compiles one regular expression of every secret it knows each
time it learns a new one. A process that reads many partners' connections (the scheduled runs'
probes) learns several secrets per partner, so its rebuilds grow with the square of the partners
and were nearly all of its CPU. ``compile_on_use`` changes this process's masker so that learning
a secret only adds its patterns, chosen by Airflow's own rules (shortest length, skip list,
sensitive names, adaptations), and the expression is compiled when it next redacts: once per burst
of new secrets instead of once per secret. What gets masked does not change.

``mask_all`` registers whole secrets as Airflow's ``mask_secret`` does (here and with the task's
supervisor); ``mask_here`` registers values derived from a secret already registered (the lines
of a PEM key) with this process's masker only: every log record of the task is redacted here
before it leaves the process, and the supervisor, which would compile its own expression once per
value it is told of, already knows the whole secret.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable

from airflow.sdk.log import mask_secret

_lock = threading.RLock()


def mask_all(secrets: Iterable[str | None], mask: Callable[[str], None] = mask_secret) -> None:
    """Have Airflow show *** wherever one of ``secrets`` would appear in a log (empty ones ignored)."""
    compile_on_use()
    for value in dict.fromkeys(s for s in secrets if s):
        mask(value)


def mask_here(values: Iterable[str | None]) -> None:
    """Mask ``values`` in this process's logs only (see the module's docstring for when that is enough)."""
    masker = compile_on_use()
    if masker is None:
        mask_all(values)
        return
    for value in dict.fromkeys(v for v in values if v):
        masker.add_mask(value)


def compile_on_use():
    """This process's masker, made to compile its expression when it next redacts; ``None`` (and
    the masker left as Airflow made it) when it is not built the way this expects."""
    try:
        from airflow.sdk._shared.secrets_masker import _secrets_masker
        from airflow.sdk._shared.secrets_masker.secrets_masker import SecretsMasker
    except ImportError:
        return None
    masker = _secrets_masker()
    if isinstance(masker, _CompiledOnUse):
        return masker
    if not isinstance(masker, SecretsMasker) or not isinstance(getattr(masker, "patterns", None), set):
        return None
    with _lock:
        if not isinstance(masker, _CompiledOnUse):
            compiled = masker.__dict__.pop("replacer", None)
            masker.__class__ = _with_compile_on_use(type(masker))
            masker.__dict__["_compiled"] = compiled
    return masker


_classes: dict[type, type] = {}


def _with_compile_on_use(base: type) -> type:
    if base not in _classes:
        _classes[base] = type(f"CompiledOnUse{base.__name__}", (_CompiledOnUse, base), {})
    return _classes[base]


class _CompiledOnUse:
    """Mixed in before Airflow's ``SecretsMasker``: ``add_mask`` adds a new secret's patterns and
    marks the expression stale; ``replacer`` compiles it when read (every redaction reads it)."""

    @property
    def replacer(self):
        with _lock:
            if self.__dict__.get("_stale"):
                self.__dict__["_stale"] = False
                self.__dict__["_compiled"] = re.compile("|".join(self.patterns)) if self.patterns else None
            return self.__dict__.get("_compiled")

    @replacer.setter
    def replacer(self, value) -> None:
        with _lock:
            self.__dict__["_compiled"] = value
            self.__dict__["_stale"] = False

    def add_mask(self, secret, name: str | None = None) -> None:
        if isinstance(secret, str) and secret and (not name or self.should_hide_value_for_key(name)):
            new = _new_patterns(self, secret)
            if new:
                with _lock:
                    self.patterns.update(new)
                    self.__dict__["_stale"] = True
                return
        # Known, too short, skipped (Airflow warns once) or not a string: Airflow's own rules, which
        # compile nothing when nothing is new and come back here for each item of a dict or list.
        super().add_mask(secret, name)


def _new_patterns(masker, secret: str) -> set[str]:
    """The patterns Airflow's ``add_mask`` would add for ``secret`` that ``masker`` lacks."""
    from airflow.sdk._shared.secrets_masker.secrets_masker import SECRETS_TO_SKIP_MASKING

    shortest = masker.min_length_to_mask
    if len(secret) < shortest or secret.lower() in SECRETS_TO_SKIP_MASKING:
        return set()
    return {
        re.escape(form)
        for form in masker._adaptations(secret)
        if form and len(form) >= shortest and form.lower() not in SECRETS_TO_SKIP_MASKING
    } - masker.patterns
