"""Witnesses: instances that prove a compatibility break.

For a change that breaks backward compatibility, a witness is valid under the old schema
and invalid under the new one; for a forward break, the reverse. A witness is built from
the schemas (a valid instance of one side, changed at the place the change concerns) and
is only ever reported after both validators have confirmed it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from alfred_contracts.compat.changes import Change, Verdict, Witness, with_witness
from alfred_contracts.engines import compile_check
from alfred_contracts.refs import JSON, deref, split_pointer
from alfred_contracts.strategies.synth import Synth, draw

Side = tuple[Mapping[str, JSON], str]
Check = Callable[[Any], bool]

PROBES: list[Any] = [
    None, True, False, 0, 1, -1, 1.5, -0.5, 10**12, "", "x", "not-a-uuid", "2023-05-26",
    "2023-05-26T23:20:00Z", "5b0f3a52-8c1d-4e7a-9f36-0d2c4b7e91a8", "file_event_type",
    "job_event_type", [], [1], {}, {"a": 1},
]  # fmt: skip


def validator(side: Side) -> Check:
    resources, root = side
    return compile_check(resources, root)


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
    node = _subschema(side, path)
    if isinstance(node, dict):
        if "const" in node:
            yield node["const"]
        yield from node.get("enum", [])
        for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if isinstance(node.get(keyword), int | float):
                bound = node[keyword]
                yield from (bound, bound - 1, bound + 1, bound - 0.5, bound + 0.5)
        for keyword in ("minLength", "maxLength"):
            if isinstance(node.get(keyword), int):
                yield from (
                    "x" * node[keyword],
                    "x" * max(node[keyword] - 1, 0),
                    "x" * (node[keyword] + 1),
                )
    yield from PROBES
    synth = Synth(side[0], extra_properties=False)
    try:
        yield from draw(synth.strategy(side[1], node), 8, seed=1)
    except NotImplementedError:  # a construct the generator does not cover
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
    # an unknown key next to the path, for changes about open and closed objects
    holder = _at(base, path)
    if isinstance(holder, dict):
        for value in values[:3]:
            changed = copy.deepcopy(base)
            _at(changed, path)["x_unknown_field"] = value
            yield changed


class Prover:
    """Finds witnesses for the breaking changes between two schema sides."""

    def __init__(self, old: Side, new: Side, *, search: int = 150) -> None:
        self.sides = {"old": old, "new": new}
        self.valid = {"old": validator(old), "new": validator(new)}
        self.search = search
        self._bases: dict[str, list[Any]] = {}

    def bases(self, name: str) -> list[Any]:
        """Valid instances of one side: its schema's examples, else generated ones."""
        if name not in self._bases:
            resources, root = self.sides[name]
            schema = resources[root]
            found = [e for e in (schema.get("examples", []) if isinstance(schema, dict) else [])
                     if self.valid[name](e)]  # fmt: skip
            if not found:
                try:
                    strategy = Synth(resources, extra_properties=False).strategy(root, schema)
                    found = [v for v in draw(strategy, 20, seed=0) if self.valid[name](v)][:5]
                except NotImplementedError:  # a construct the generator does not cover
                    found = []
            self._bases[name] = found
        return self._bases[name]

    def find(self, valid_under: str, path: str) -> Witness | None:
        other = "new" if valid_under == "old" else "old"
        ok, bad = self.valid[valid_under], self.valid[other]
        tokens = split_pointer(path)
        values = list(_probe_values(self.sides[valid_under], tokens))
        values += [v for v in _probe_values(self.sides[other], tokens) if v not in values]
        for base in self.bases(valid_under):
            for candidate in _mutations(base, tokens, values):
                if ok(candidate) and not bad(candidate):
                    return Witness(valid_under, candidate)
        resources, root = self.sides[valid_under]
        try:
            strategy = Synth(resources, extra_properties=True).strategy(root, resources[root])
            for candidate in draw(strategy, self.search, seed=2):
                if ok(candidate) and not bad(candidate):
                    return Witness(valid_under, candidate)
        except NotImplementedError:  # a construct the generator does not cover
            pass
        return None

    def prove(self, change: Change) -> Change:
        backward = self.find("old", change.path) if change.backward is not True else None
        forward = self.find("new", change.path) if change.forward is not True else None
        if change.backward is None and backward is not None:  # unknown, but proven to break
            change = Change(change.rule, change.path, False, change.forward, change.message)
        if change.forward is None and forward is not None:
            change = Change(change.rule, change.path, change.backward, False, change.message)
        first = backward if change.backward is False else None
        second = forward if change.forward is False else None
        if first is None:
            first, second = second, None
        return with_witness(change, first, second)


def prove(verdict: Verdict, old: Side, new: Side) -> Verdict:
    """Attach a checked witness to every breaking direction of every change."""
    prover = Prover(old, new)
    return Verdict([prover.prove(c) for c in verdict.changes])
