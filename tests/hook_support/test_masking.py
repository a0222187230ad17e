"""Secrets reach Airflow's log masker without a rebuild each: the expression is compiled when it
next redacts, and what is masked is what Airflow's own rules mask."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from airflow.sdk._shared.secrets_masker import _secrets_masker
from airflow.sdk._shared.secrets_masker.secrets_masker import SecretsMasker

from hook_support import masking


@pytest.fixture
def masker():
    masker = _secrets_masker()
    saved = (set(masker.patterns), masker.replacer)
    masker.reset_masker()
    yield masker
    masker.patterns, masker.replacer = saved


def _compiles():
    return mock.patch.object(masking.re, "compile", wraps=re.compile)


def test_many_secrets_are_compiled_once_when_the_masker_next_redacts(masker):
    secrets = [f"partner-{n}-secret-value" for n in range(30)]
    handed: list[str] = []
    with _compiles() as compile_:
        masking.mask_all([*secrets, None, "", secrets[0]], mask=handed.append)
        for secret in secrets:
            masker.add_mask(secret)  # as Airflow's mask_secret does with each
        assert compile_.call_count == 0
        line = f"token {secrets[7]} and {secrets[29]}"
        assert masker.redact(line) == "token *** and ***"
        assert masker.redact(line) == "token *** and ***"
    assert compile_.call_count == 1
    assert handed == secrets, "each once, in order; empty ones ignored"


def test_a_log_record_is_filtered_with_the_new_secrets(masker):
    import logging

    masking.compile_on_use()
    masker.add_mask("secret-seen-only-now")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "key %s", ("secret-seen-only-now",), None)
    masker.enable_log_masking()
    masker.filter(record)
    assert record.getMessage() == "key ***"


def test_patterns_are_the_ones_airflow_itself_would_add(masker):
    values = ["abc", "airflow", "a-long-enough-secret", "another secret (with) [specials]*"]
    stock = SecretsMasker()
    stock.sensitive_variables_fields = masker.sensitive_variables_fields
    for value in values:
        stock.add_mask(value)
    stock.add_mask({"password": "named-secret-value", "host": "not-a-secret-value"})
    masking.mask_all(values, mask=masker.add_mask)
    masker.add_mask({"password": "named-secret-value", "host": "not-a-secret-value"})
    assert masker.patterns == stock.patterns
    assert masker.redact("abc airflow a-long-enough-secret not-a-secret-value named-secret-value") == (
        "abc airflow *** not-a-secret-value ***"
    )


def test_values_masked_here_are_not_handed_on_and_still_masked(masker):
    with mock.patch.object(masking, "mask_secret") as handed:
        masking.mask_here(["a-line-of-a-private-key-0123456789"])
    handed.assert_not_called()
    assert masker.redact("echo a-line-of-a-private-key-0123456789") == "echo ***"


def test_reset_forgets_every_secret(masker):
    masking.mask_all(["first-secret-value"], mask=masker.add_mask)
    masker.reset_masker()
    assert masker.redact("first-secret-value") == "first-secret-value"
