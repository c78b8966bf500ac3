"""diff: the right verdict on the common evolution cases, each break proven by a checked witness,
and no "compatible" verdict ever contradicted by an event."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from alfred_contracts.compat.changes import Verdict
from alfred_contracts.compat.diff import diff
from alfred_contracts.compat.witness import prove
from alfred_contracts.schema.bundle import bundle
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.strategies.synth import Synth, draw

from corpus import generated

Schema = dict[str, Any]
BASE: Schema = bundle(Catalog.load(), "job_start_event")
OPEN: Schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://example.test/open.json",
    "type": "object",
    "required": ["a"],
    "properties": {
        "a": {"type": "string"},
        "n": {"type": "integer", "minimum": 0},
        "tags": {"type": "array", "items": {"type": "integer"}},
        "kind": {"enum": ["x", "y"]},
    },
}


def side(schema: Schema) -> tuple[dict[str, Any], str]:
    return {schema["$id"]: schema}, schema["$id"]


def valid(schema: Schema, instance: Any) -> bool:
    return bool(jsonschema_rs.validator_for(schema, validate_formats=True).is_valid(instance))


def compare(old: Schema, new: Schema) -> Verdict:
    return prove(diff(side(old), side(new)), side(old), side(new))


def edit(base: Schema, change: Callable[[Schema], None]) -> Schema:
    copied = copy.deepcopy(base)
    change(copied)
    return copied


def event_props(s: Schema) -> dict[str, Any]:
    return s["properties"]["event"]["properties"]  # type: ignore[no-any-return]


def add_optional(s: Schema) -> None:
    event_props(s)["priority"] = {"type": "integer", "title": "Priority", "description": "d"}


def add_required(s: Schema) -> None:
    add_optional(s)
    s["properties"]["event"]["required"].append("priority")


def remove_required(s: Schema) -> None:
    del event_props(s)["company_name"]
    s["properties"]["event"]["required"].remove("company_name")


def make_optional(s: Schema) -> None:
    s["properties"]["event"]["required"].remove("company_name")


def rename(s: Schema) -> None:
    props = event_props(s)
    props["company_title"] = props.pop("company_name")
    required = s["properties"]["event"]["required"]
    required[required.index("company_name")] = "company_title"


CASES: list[tuple[str, Schema, Schema, bool | None, bool | None, set[str]]] = [
    ("optional property added to a closed object", BASE, edit(BASE, add_optional), True, False, {"property-added"}),
    ("required property added to a closed object", BASE, edit(BASE, add_required), False, False, {"property-added", "required-added"}),
    ("required property removed from a closed object", BASE, edit(BASE, remove_required), False, False, {"property-removed", "required-removed"}),
    ("property made optional", BASE, edit(BASE, make_optional), True, False, {"required-removed"}),
    ("property renamed", BASE, edit(BASE, rename), False, False, {"property-renamed"}),
    ("object opened", BASE, edit(BASE, lambda s: s.update(additionalProperties=True)), True, False, {"additional-properties-opened"}),
    ("object closed", edit(BASE, lambda s: s.update(additionalProperties=True)), BASE, False, True, {"additional-properties-closed"}),
    ("type narrowed number -> integer", BASE, edit(BASE, lambda s: s["$defs"]["unix-timestamp"].update(type="integer")), False, True, {"type-narrowed"}),
    ("type widened integer -> number", edit(OPEN, lambda s: None), edit(OPEN, lambda s: s["properties"]["n"].update(type="number")), True, False, {"type-widened"}),
    ("type widened to null", OPEN, edit(OPEN, lambda s: s["properties"]["a"].update(type=["string", "null"])), True, False, {"type-widened"}),
    ("type changed string -> integer", OPEN, edit(OPEN, lambda s: s["properties"]["a"].update(type="integer")), False, False, {"type-changed"}),
    ("minimum raised", BASE, edit(BASE, lambda s: s["$defs"]["unix-timestamp"].update(minimum=1_000_000_000)), False, True, {"minimum-tightened"}),
    ("minimum lowered", OPEN, edit(OPEN, lambda s: s["properties"]["n"].update(minimum=-10)), True, False, {"minimum-relaxed"}),
    ("maximum added", OPEN, edit(OPEN, lambda s: s["properties"]["n"].update(maximum=10)), False, True, {"maximum-added"}),
    ("maxLength added", OPEN, edit(OPEN, lambda s: s["properties"]["a"].update(maxLength=3)), False, True, {"maxLength-added"}),
    ("enum value added", OPEN, edit(OPEN, lambda s: s["properties"]["kind"]["enum"].append("z")), True, False, {"enum-value-added"}),
    ("enum value removed", OPEN, edit(OPEN, lambda s: s["properties"]["kind"]["enum"].remove("y")), False, True, {"enum-value-removed"}),
    ("format added", BASE, edit(BASE, lambda s: event_props(s)["company_name"].update(format="uuid")), False, True, {"format-added"}),
    ("format removed", BASE, edit(BASE, lambda s: s["$defs"]["uuid"].pop("format")), True, False, {"format-removed"}),
    ("format changed", BASE, edit(BASE, lambda s: s["$defs"]["uuid"].update(format="date-time")), False, False, {"format-changed"}),
    ("pattern added", OPEN, edit(OPEN, lambda s: s["properties"]["a"].update(pattern="^[a-z]+$")), False, True, {"pattern-added"}),
    ("pattern changed", edit(OPEN, lambda s: s["properties"]["a"].update(pattern="^a+$")), edit(OPEN, lambda s: s["properties"]["a"].update(pattern="^b+$")), False, False, {"pattern-changed"}),
    ("const changed", BASE, edit(BASE, lambda s: s["properties"]["event_type"].update(const="file_event_type")), False, False, {"const-changed"}),
    ("const removed", BASE, edit(BASE, lambda s: s["properties"]["event_type"].pop("const")), True, False, {"const-removed"}),
    ("array items narrowed", OPEN, edit(OPEN, lambda s: s["properties"]["tags"]["items"].update(minimum=0)), False, True, {"minimum-added"}),
    ("optional property added to an open object", OPEN, edit(OPEN, lambda s: s["properties"].update(b={"type": "integer"})), False, True, {"property-added"}),
    ("property removed from an open object", OPEN, edit(OPEN, lambda s: s["properties"].pop("n")), True, False, {"property-removed"}),
    ("required property added to an open object", OPEN, edit(OPEN, lambda s: s["required"].append("n")), False, True, {"required-added"}),
    ("description only", BASE, edit(BASE, lambda s: event_props(s)["company_name"].update(description="Edited.")), True, True, {"annotation-changed"}),
    ("oneOf introduced", OPEN, edit(OPEN, lambda s: s["properties"]["a"].update(oneOf=[{"minLength": 1}, {"maxLength": 0}])), None, True, {"oneOf-changed"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("label", "old", "new", "backward", "forward", "rules"), CASES, ids=[c[0] for c in CASES]
)
def test_verdict_rules_and_witnesses(
    label: str,
    old: Schema,
    new: Schema,
    backward: bool | None,
    forward: bool | None,
    rules: set[str],
) -> None:
    verdict = compare(old, new)
    assert (verdict.backward, verdict.forward) == (backward, forward), [
        c.as_dict() for c in verdict.changes
    ]
    assert {c.rule for c in verdict.changes} == rules
    for change in verdict.changes:
        witnesses = [w for w in (change.witness, change.witness_other) if w is not None]
        if change.backward is False:
            assert any(w.valid_under == "old" for w in witnesses), (
                f"{change.rule}: no backward witness"
            )
        if change.forward is False:
            assert any(w.valid_under == "new" for w in witnesses), (
                f"{change.rule}: no forward witness"
            )
        for witness in witnesses:
            good, bad = (old, new) if witness.valid_under == "old" else (new, old)
            assert valid(good, witness.instance), witness
            assert not valid(bad, witness.instance), witness


def test_moving_definitions_behind_refs_is_no_change(catalog: Catalog) -> None:
    event = catalog.event("job_start_event")
    canonical = (dict(catalog.resources()), event.id)
    assert diff(canonical, side(BASE)).changes == []
    inlined = edit(
        BASE,
        lambda s: s["properties"].update(
            event_id={
                "$ref": "#/$defs/uuid",
                "title": "Event id",
                "description": s["$defs"]["envelope"]["$defs"]["event_id"]["description"],
            }
        ),
    )
    assert [c.rule for c in diff(side(BASE), side(inlined)).changes] == []


def test_the_json_shape_is_the_designs() -> None:
    document = compare(BASE, edit(BASE, add_required)).as_dict()
    assert set(document) == {"backward", "forward", "changes"}
    change = document["changes"][0]
    assert set(change) >= {"rule", "path", "backward", "forward", "message", "witness"}
    assert change["witness"]["valid_under"] in ("old", "new")
    json.dumps(document)  # serialisable


MUTATIONS: list[Callable[[Schema, random.Random], None]] = [
    lambda s, r: s.update(additionalProperties=r.choice([True, False])),
    lambda s, r: s["properties"]["event"].update(additionalProperties=r.choice([True, False])),
    lambda s, r: remove_required(s),
    lambda s, r: make_optional(s),
    lambda s, r: add_optional(s),
    lambda s, r: add_required(s),
    lambda s, r: s["$defs"]["unix-timestamp"].update(type=r.choice(["integer", "number", ["number", "string"]])),
    lambda s, r: s["$defs"]["unix-timestamp"].update(minimum=r.choice([-5, 0, 1_600_000_000, 1_700_000_000])),
    lambda s, r: event_props(s)["company_name"].update(r.choice([{"maxLength": 10}, {"minLength": 1}, {"format": "uuid"}, {"type": ["string", "null"]}])),
    lambda s, r: s["$defs"]["uuid"].pop("format", None),
    lambda s, r: s["properties"]["event_type"].pop("const", None),
    lambda s, r: s["properties"]["event_type"].update(enum=["job_event_type", "file_event_type"]),
    lambda s, r: event_props(s)["company_name"].update(description=f"edited {r.random()}"),
    lambda s, r: rename(s),
]  # fmt: skip


def _instances(old: Schema, new: Schema, seed: int) -> list[Any]:
    found = [value for _label, value in generated(250, seed=seed)]
    for schema in (old, new):
        try:
            strategy = Synth({schema["$id"]: schema}, extra_properties=True).strategy(
                schema["$id"], schema
            )
            found += draw(strategy, 60, seed=seed)
        except NotImplementedError:
            pass
    return found


@pytest.mark.parametrize("seed", range(24))
def test_a_compatible_verdict_is_never_contradicted(seed: int) -> None:
    rng = random.Random(seed)
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    for schema in (old, new) if seed % 3 == 0 else (new,):
        for mutate in rng.sample(MUTATIONS, rng.choice([1, 1, 2])):
            mutate(schema, rng)
    verdict = diff(side(old), side(new))
    old_ok = jsonschema_rs.validator_for(old, validate_formats=True).is_valid
    new_ok = jsonschema_rs.validator_for(new, validate_formats=True).is_valid
    for instance in _instances(old, new, seed):
        if verdict.backward is True and old_ok(instance):
            assert new_ok(instance), (
                "backward contradicted",
                [c.rule for c in verdict.changes],
                instance,
            )
        if verdict.forward is True and new_ok(instance):
            assert old_ok(instance), (
                "forward contradicted",
                [c.rule for c in verdict.changes],
                instance,
            )


def test_the_mutation_sample_holds_compatible_verdicts() -> None:
    verdicts = []
    for seed in range(24):
        rng = random.Random(seed)
        old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
        for schema in (old, new) if seed % 3 == 0 else (new,):
            for mutate in rng.sample(MUTATIONS, rng.choice([1, 1, 2])):
                mutate(schema, rng)
        verdicts.append(diff(side(old), side(new)))
    assert sum(v.backward is True for v in verdicts) >= 8
    assert sum(v.forward is True for v in verdicts) >= 2


def test_require_fails_on_breaking_and_on_unknown_and_says_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from alfred_contracts.cli import main

    def write(name: str, schema: Schema) -> str:
        (tmp_path / name).write_text(json.dumps(schema))
        return str(tmp_path / name)

    digits = write("digits.json", {"type": "string", "pattern": "^[0-9]+$"})
    backslash = write("backslash.json", {"type": "string", "pattern": "^\\d+$"})
    wide = write("wide.json", {"type": ["string", "integer"]})
    assert main(["diff", digits, backslash]) == 1
    err = capsys.readouterr().err
    assert "--require backward: not met, backward is unknown" in err
    assert main(["diff", "--require", "none", digits, backslash]) == 0
    assert main(["diff", "--require", "backward", digits, wide]) == 0
    assert main(["diff", "--require", "forward", digits, wide]) == 1
    assert "--require forward: not met, forward is breaking (see the witness)" in (
        capsys.readouterr().err
    )


def test_an_older_dialect_is_judged_by_its_own_rules_and_never_proven_by_2020_12_ones() -> None:
    draft7 = "http://json-schema.org/draft-07/schema#"
    tuple_ = {"$schema": draft7, "$id": "https://example.test/t.json", "type": "array",
              "items": [{"type": "string"}]}  # fmt: skip
    closed = {**tuple_, "additionalItems": False}
    verdict = compare(closed, tuple_)
    assert (verdict.backward, verdict.forward) == (None, False)  # no 2020-12 proof for draft-07
    witness = next(c.witness for c in verdict.changes if c.witness is not None)
    assert valid(tuple_, witness.instance)
    assert not valid(closed, witness.instance)
    # in draft-07 a $ref hides its siblings: read as 2020-12, `old` would hold nothing at all
    # and so "fit" in any schema
    old = {"$schema": draft7, "$id": "https://example.test/r.json", "type": "integer",
           "definitions": {"s": {"type": "string"}}, "$ref": "#/definitions/s"}  # fmt: skip
    new = {"$schema": draft7, "$id": "https://example.test/r.json", "type": "integer"}
    assert compare(old, new).backward is False
