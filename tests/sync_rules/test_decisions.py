"""Decision types: validation, payload hashes, outcomes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from netsuite_ap_sync.rules.decisions import (
    Hold,
    ManualAction,
    Mutation,
    Outcome,
    Quarantine,
    Skip,
    canonical_json,
    planned_outcome,
)


def mutation(payload, **overrides):
    values = {
        "rules": ("F2",),
        "target": "ap",
        "action": "update_invoice",
        "object_type": "invoice",
        "source_id": "104",
        "key": "k",
        "payload": payload,
    }
    values.update(overrides)
    return Mutation(**values)


def test_payload_hash_is_sha256_of_canonical_json_independent_of_key_order():
    a = mutation({"total": 1.5, "memo": "x", "line_items": [{"b": 1, "a": 2}]})
    b = mutation({"line_items": [{"a": 2, "b": 1}], "memo": "x", "total": 1.5})
    assert a.payload_hash() == b.payload_hash()
    assert len(a.payload_hash()) == 64
    assert a.payload_hash() != mutation({"total": 1.6, "memo": "x", "line_items": [{"b": 1, "a": 2}]}).payload_hash()


def test_canonical_json_handles_decimals_and_unicode():
    assert canonical_json({"b": Decimal("1.10"), "a": "é"}) == '{"a":"é","b":"1.10"}'


def test_mutation_is_hashable_despite_its_payload():
    assert hash(mutation({"x": 1})) == hash(mutation({"y": 2}))


@pytest.mark.parametrize(
    "overrides",
    [{"rules": ()}, {"rules": ("Z9",)}, {"action": "delete_everything"}, {"target": "netsuite"}],
)
def test_mutation_refuses_unknown_rules_actions_and_targets(overrides):
    with pytest.raises(ValueError):
        mutation({}, **overrides)


def test_skip_hold_manual_and_quarantine_name_known_rules():
    with pytest.raises(ValueError):
        Skip("X1", "invoice", "1", "r")
    with pytest.raises(ValueError):
        Hold("", "invoice", "1", "r")
    with pytest.raises(ValueError):
        ManualAction("Q", "payment", "1", "m", None, None, "k")
    with pytest.raises(ValueError):
        Quarantine("bogus:check", "payout", "1", "r")
    assert Quarantine("F4:payout_balances", "payout", "1", "r").check == "F4:payout_balances"


def test_planned_outcome_of_each_kind():
    skip = Skip("F2", "invoice", "1", "r")
    hold = Hold("C3", "payment", "1", "r")
    quarantine = Quarantine("F3:positive_amount", "payment", "1", "r")
    report = ManualAction("S2", "payment", "1", "m", "INV-1", Decimal(1), "k")
    assert planned_outcome([skip]) is Outcome.SKIPPED
    assert planned_outcome([mutation({})]) is Outcome.APPLIED
    assert planned_outcome([skip, mutation({})]) is Outcome.APPLIED
    assert planned_outcome([report]) is Outcome.APPLIED
    assert planned_outcome([mutation({}), hold]) is Outcome.HELD
    assert planned_outcome([hold, quarantine]) is Outcome.QUARANTINED


def test_I4_planned_outcome_refuses_an_empty_plan():
    with pytest.raises(ValueError, match="I4"):
        planned_outcome([])
