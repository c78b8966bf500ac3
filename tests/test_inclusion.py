"""The inclusion proofs are sound: a proven "old ⊆ new" is never contradicted by an instance.

Schemas from the evolution corpus are mutated at random (keywords dropped, bounds moved,
types switched, constraints added), and for every pair the prover calls included, the
witness search looks for an instance valid under the first and invalid under the second.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest

from alfred_contracts.compat.inclusion import Prover
from alfred_contracts.compat.search import search
from alfred_contracts.compat.views import Space
from alfred_contracts.engines import compile_check
from alfred_contracts.errors import SchemaError
from evolution_cases import load, side

SCHEMAS = [case.old for case in load()] + [case.new for case in load()]
ADDED: dict[str, Any] = {
    "type": "string", "minimum": 1, "maxLength": 1, "required": ["a"], "const": 1,
    "additionalProperties": {"type": "integer"}, "items": {"type": "integer"},
    "not": {"type": "integer"}, "minItems": 1, "uniqueItems": True, "maxProperties": 1,
    "multipleOf": 2, "pattern": "^a", "format": "uuid", "enum": [1, "a", None],
}  # fmt: skip


def _nodes(value: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for child in value.values():
            found += _nodes(child)
    elif isinstance(value, list):
        for child in value:
            found += _nodes(child)
    return found


def mutate(schema: Any, rng: random.Random) -> Any:
    schema = copy.deepcopy(schema)
    nodes = _nodes(schema)
    if not nodes:
        return schema
    node = rng.choice(nodes)
    keys = [k for k in node if k != "$defs"]
    roll = rng.random()
    if keys and roll < 0.3:
        del node[rng.choice(keys)]
    elif keys and roll < 0.6:
        key = rng.choice(keys)
        value = node[key]
        if isinstance(value, bool):
            node[key] = not value
        elif isinstance(value, int | float):
            node[key] = value + rng.choice([-1, 1])
        elif isinstance(value, list) and value:
            value.pop(rng.randrange(len(value)))
    else:
        key = rng.choice(sorted(ADDED))
        node[key] = copy.deepcopy(ADDED[key])
    return schema


def includes(small: Any, large: Any) -> bool:
    a, b = side("fuzz", "a", small), side("fuzz", "b", large)
    return Prover().includes((Space(a[0], "a"), a[1]), (Space(b[0], "b"), b[1]))


@pytest.mark.parametrize("seed", range(4))
def test_no_proven_inclusion_is_contradicted(seed: int) -> None:
    rng = random.Random(seed)
    proven = 0
    for _ in range(150):
        base = rng.choice(SCHEMAS)
        small = mutate(base, rng) if rng.random() < 0.7 else base
        large = mutate(small, rng)
        a, b = side("fuzz", "a", small), side("fuzz", "b", large)
        try:
            ok, bad = compile_check(*a), compile_check(*b)
        except SchemaError:
            continue  # a mutation the engines refuse to compile
        if not includes(small, large):
            continue
        proven += 1
        for candidate in search(ok, bad, [(a[0], a[1], a[0][a[1]])], [(b[0], b[1], b[0][b[1]])],
                                budget=400, seed=seed):  # fmt: skip
            pytest.fail(f"{json.dumps(small)} ⊆ {json.dumps(large)} refuted by {candidate!r}")
    assert proven > 20  # the check is not vacuous


CASES = [
    # (old, new, old ⊆ new proven, new ⊆ old proven)
    ({"type": "object", "additionalProperties": {"type": "string"},
      "properties": {"bar": {"type": "integer"}}},
     {"type": "object", "additionalProperties": {"type": "string"}}, False, False),
    ({"type": "object", "additionalProperties": False, "properties": {"foo": False}},
     {"type": "object", "additionalProperties": False}, True, True),
    ({"type": "object", "additionalProperties": False, "properties": {"I_1": {"type": "integer"}}},
     {"type": "object", "additionalProperties": False,
      "patternProperties": {"^I_": {"type": "number"}}}, True, False),
    ({"type": "string"}, {"allOf": [{"type": "string"}, {}]}, True, True),
    ({"type": "integer", "minimum": 1}, {"type": "number", "exclusiveMinimum": 0}, True, False),
    ({"multipleOf": 4}, {"multipleOf": 2}, True, False),
    ({"allOf": [{"multipleOf": 2}, {"multipleOf": 3}]}, {"multipleOf": 6}, True, True),
    ({"enum": ["a", "b"]}, {"type": "string", "maxLength": 1}, True, False),
    ({"oneOf": [{"const": "a"}, {"const": "b"}]}, {"anyOf": [{"const": "a"}, {"const": "b"}]},
     True, True),
    ({"type": ["string", "null"]}, {"anyOf": [{"type": "string"}, {"type": "null"}]}, True, True),
    ({"not": {"not": {"type": "string"}}}, {"type": "string"}, True, True),
    ({"type": "object", "properties": {"a": {"type": "string"}}, "unevaluatedProperties": False},
     {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False},
     True, True),
    ({"type": "object", "dependentRequired": {"a": ["b"]}},
     {"type": "object", "dependentSchemas": {"a": {"required": ["b"]}}}, True, True),
    ({"const": 0}, {"const": False}, False, False),
    ({"type": "integer", "minimum": 1, "maximum": 3}, {"enum": [1, 2, 3]}, True, True),
    ({"format": "uuid"}, {"format": "date-time"}, False, False),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "backward", "forward"), CASES)
def test_rules(old: Any, new: Any, backward: bool, forward: bool) -> None:
    assert (includes(old, new), includes(new, old)) == (backward, forward)
