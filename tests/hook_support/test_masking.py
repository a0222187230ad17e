"""Secrets registered in a batch are masked like those registered one by one, with one rebuild of
the masker's expression for the batch, and each is still handed to Airflow's mask_secret."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from airflow.sdk._shared.secrets_masker import _secrets_masker

from hook_support import masking


@pytest.fixture
def masker():
    masker = _secrets_masker()
    saved = (set(masker.patterns), masker.replacer)
    masker.reset_masker()
    yield masker
    masker.patterns, masker.replacer = saved


def test_a_batch_is_masked_with_one_rebuild_and_each_secret_handed_on(masker):
    secrets = [f"partner-{n}-secret-value" for n in range(30)]
    handed: list[str] = []
    with mock.patch.object(masking.re, "compile", wraps=re.compile) as compile_:
        masking.mask_all([*secrets, None, "", secrets[0]], mask=handed.append)
    assert compile_.call_count == 1
    assert handed == secrets, "each once, in order; empty ones ignored"
    line = f"token {secrets[7]} and {secrets[29]}"
    assert masker.redact(line) == "token *** and ***"


def test_secrets_masked_in_a_batch_need_no_rebuild_when_airflow_meets_them_again(masker):
    masking.mask_all(["first-secret-value", "second-secret-value"])
    with mock.patch("re.compile", wraps=re.compile) as compile_:
        masker.add_mask("second-secret-value")
    assert compile_.call_count == 0
    assert masker.redact("x second-secret-value first-secret-value") == "x *** ***"


def test_short_and_skipped_values_are_left_alone_as_airflow_leaves_them(masker):
    masking.mask_all(["abc", "airflow", "a-long-enough-secret"], mask=lambda value: None)
    assert masker.redact("abc airflow a-long-enough-secret") == "abc airflow ***"
