"""Candidates aimed at one change: a valid instance of a side, changed where the change is.

For a change at ``/event/status``, the candidates are valid instances of one side (its
schema's ``examples``, else generated ones) with ``event.status`` removed or replaced by
values mined from both sides' subschemas there (constants, enum members, each bound and
its neighbours, strings at the length limits, generated values), and with an unknown
property added beside it. Cheap, and it finds most breaks of real event schemas at once.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator, Mapping
from typing import Any

from alfred_contracts.compat.search import Generator, judged
from alfred_contracts.engines import compile_check
from alfred_contracts.refs import JSON, deref, split_pointer
from alfred_contracts.strategies.synth import Synth, draw

Side = tuple[Mapping[str, JSON], str]

PROBES: list[Any] = [
    None, True, False, 0, 1, -1, 1.5, -0.5, 10**12, "", "x", "not-a-uuid", "2023-05-26",
    "2023-05-26T23:20:00Z", "5b0f3a52-8c1d-4e7a-9f36-0d2c4b7e91a8", "file_event_type",
    "job_event_type", [], [1], {}, {"a": 1},
]  # fmt: skip


def _subschema(side: Side, path: list[str]) -> JSON:
    resources, root = side
    base, node = deref(resources, root, resources[root])
    for token in path:
        if not isinstance(node, dict):
            return True
        if token == "*":
            child = node.get("items", True)
        else:
            child = node.get("properties", {}).get(token, node.get("additionalProperties", True))
        base, node = deref(resources, base, child)
    return node


def _probe_values(side: Side, path: list[str]) -> Iterator[Any]:
    try:
        node = _subschema(side, path)
    except Exception:
        node = True
    if isinstance(node, dict):
        if "const" in node:
            yield node["const"]
        yield from node.get("enum", []) if isinstance(node.get("enum"), list) else []
        for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            bound = node.get(keyword)
            if isinstance(bound, int | float) and not isinstance(bound, bool):
                yield from (bound, bound - 1, bound + 1, bound - 0.5, bound + 0.5)
        for keyword in ("minLength", "maxLength"):
            size = node.get(keyword)
            if isinstance(size, int) and 0 <= size < 10000:
                yield from ("x" * size, "x" * max(size - 1, 0), "x" * (size + 1))
    yield from PROBES


def _drawn_values(side: Side, path: list[str]) -> Iterator[Any]:
    """Valid values of the subschema at ``path``, generated."""
    try:
        node = _subschema(side, path)
        synth = Synth(side[0], extra_properties=False)
        yield from draw(synth.strategy(side[1], node), 8, seed=1)
    except Exception:
        return


def _at(instance: Any, path: list[str]) -> Any:
    node = instance
    for token in path:
        if isinstance(node, list) and token == "*":
            if not node:
                return None
            node = node[0]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            return None
    return node


def _mutations(base: Any, path: list[str], values: list[Any]) -> Iterator[Any]:
    if not path:
        yield from values
        return
    parent_path, key = path[:-1], path[-1]
    parent = _at(base, parent_path)
    if isinstance(parent, dict) and key != "*":
        if key in parent:
            changed = copy.deepcopy(base)
            del _at(changed, parent_path)[key]
            yield changed
        for value in values:
            changed = copy.deepcopy(base)
            _at(changed, parent_path)[key] = value
            yield changed
    elif isinstance(parent, list):
        for value in values:
            changed = copy.deepcopy(base)
            target = _at(changed, parent_path)
            if target:
                target[0] = value
            else:
                target.append(value)
            yield changed
    holder = _at(base, path)
    if isinstance(holder, dict):  # an unknown key beside the path: open and closed objects
        for value in values[:3]:
            changed = copy.deepcopy(base)
            _at(changed, path)["x_unknown_field"] = value
            yield changed


class Targets:
    """Targeted candidates for changes between two sides."""

    def __init__(self, old: Side, new: Side) -> None:
        self.sides = {"old": old, "new": new}
        self._bases: dict[str, list[Any]] = {}

    def bases(self, name: str) -> list[Any]:
        """Valid instances of one side: its schema's examples, else generated ones."""
        if name not in self._bases:
            resources, root = self.sides[name]
            valid = compile_check(resources, root)
            schema = resources[root]
            examples = schema.get("examples", []) if isinstance(schema, dict) else []
            found = [e for e in examples if valid(e)] if isinstance(examples, list) else []
            if not found:  # the cheap way first: required properties only
                rng = random.Random(0)
                simple = Generator(rng, minimal=True)
                drawn = [simple.value([(resources, root, schema)]) for _ in range(40)]
                found = list({_key(v): v for v in drawn if judged(valid, v)}.values())[:5]
            if not found:
                try:
                    strategy = Synth(resources, extra_properties=False).strategy(root, schema)
                    found = [v for v in draw(strategy, 8, seed=0) if valid(v)][:5]
                except Exception:
                    found = []
            self._bases[name] = found
        return self._bases[name]

    def candidates(self, name: str, path: str) -> Iterator[Any]:
        """Instances near ``name``'s valid ones, changed at ``path``."""
        other = "new" if name == "old" else "old"
        tokens = split_pointer(path)
        mine = list(_probe_values(self.sides[name], tokens))
        theirs = list(_probe_values(self.sides[other], tokens))
        seen_mine = {_key(v) for v in mine}
        seen_theirs = {_key(v) for v in theirs}
        # values one side's schema has and the other's lacks first (an enum member
        # removed, a bound moved), then the rest, then generated ones, at most LIMIT in
        # all: a 100,000-member enum stays cheap
        values: list[Any] = []
        seen: set[str] = set()
        for value in (
            *(v for v in mine if _key(v) not in seen_theirs),
            *(v for v in theirs if _key(v) not in seen_mine),
            *mine,
            *theirs,
            *_drawn_values(self.sides[name], tokens),
            *_drawn_values(self.sides[other], tokens),
        ):
            key = _key(value)
            if key not in seen:
                seen.add(key)
                values.append(value)
            if len(values) >= LIMIT:
                break
        for base in self.bases(name):
            yield from _mutations(base, tokens, values)


#: the most values tried at one change's location
LIMIT = 200


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
