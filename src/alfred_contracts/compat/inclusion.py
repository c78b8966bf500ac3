"""Sound proofs of schema inclusion: every instance valid under A is valid under B.

``Prover().includes(old, new)`` answers True only when a rule that holds for every JSON
instance applies; False means "not proven" (never "breaking": a break needs a witness,
:mod:`.search`). The left side is a *view* (:mod:`.views`): a conjunction that may only be
over-approximated, by splitting ``anyOf``/``oneOf``/``if`` into cases and by ignoring what
the proof does not understand. The right side is one schema node whose every keyword must
be proven, so anything unknown there leaves the question open.

Rules, by keyword of B: boolean schemas; ``$ref``, ``allOf`` (each), ``anyOf`` (some
branch), ``oneOf`` (some branch, disjoint from the others), ``not`` (disjointness),
``if``/``then``/``else`` (by inclusion in or disjointness from ``if``); ``type``,
``const``, ``enum`` (a finite left side is checked value by value by both engines);
number bounds and ``multipleOf``; string lengths, ``pattern`` and ``format`` (the same
pattern or format on the left); array items, ``prefixItems``, ``contains`` and counts;
object ``properties``, ``patternProperties``, ``additionalProperties``, ``required``,
``propertyNames``, counts, ``dependentRequired``, ``dependentSchemas``;
``unevaluatedProperties``/``unevaluatedItems`` are read as the stricter
``additionalProperties``/``items`` on the right, and on the left only where nothing else
could evaluate a property.
"""

from __future__ import annotations

import json
from typing import Any

from alfred_contracts.compat import shapes
from alfred_contracts.compat.objects import required
from alfred_contracts.compat.views import (
    KIND_SCHEMAS,
    Node,
    Part,
    Space,
    View,
    candidates,
    kinds,
    made_up,
    member,
    positive,
    view,
    view_key,
)
from alfred_contracts.refs import transform

#: keywords that never change which instances are valid
NEUTRAL = frozenset(
    {"title", "description", "examples", "$comment", "default", "deprecated", "readOnly",
     "writeOnly", "$schema", "$id", "$defs", "definitions", "$anchor", "$dynamicAnchor",
     "$vocabulary", "contentEncoding", "contentMediaType", "contentSchema"}
)  # fmt: skip
#: keywords an engine may still enforce although 2020-12 dropped them: never proven
UNSURE = frozenset({"$dynamicRef", "$recursiveRef", "dependencies", "additionalItems"})
_SPLIT_LIMIT = 64
_STEP_LIMIT = 20000
_DEPTH_LIMIT = 60


def trivial(value: Any) -> bool:
    """Whether a schema accepts everything (``true``, ``{}``, annotations only)."""
    if value is True:
        return True
    return isinstance(value, dict) and all(k in NEUTRAL or k.startswith("x-") for k in value)


def _strip(value: Any) -> Any:
    """``value`` without the keywords that never change validity (subschemas only)."""
    return transform(
        value,
        lambda node: {k: v for k, v in node.items() if k not in NEUTRAL and not k.startswith("x-")},
    )


def _keywords(value: dict[str, Any]) -> set[str]:
    return {k for k in value if k not in NEUTRAL and not k.startswith("x-")}


def canonical(value: Any) -> str | None:
    """A schema as comparable text (None when it holds a reference: its meaning depends on
    where the reference leads). As JSON text, since in Python 0 == False and 1 == True."""
    text = json.dumps(_strip(value), sort_keys=True)
    return None if '"$ref"' in text or '"$dynamicRef"' in text else text


class Prover:
    """Proves inclusions and disjointness; memoised, bounded, sound."""

    def __init__(self) -> None:
        self._memo: dict[tuple[Any, ...], bool] = {}
        self._text: dict[int, tuple[Any, str | None]] = {}
        self._active: set[tuple[Any, ...]] = set()
        self.steps = 0

    def equal(self, a: Node, b: Node) -> bool:
        """Whether two nodes are the same schema (the same place, or equal and ref-free)."""
        if a.key == b.key:
            return True
        if (
            isinstance(a.value, dict)
            and isinstance(b.value, dict)
            and (_keywords(a.value) != _keywords(b.value))
        ):
            return False  # cheap: different keywords
        first, second = self._canonical(a.value), self._canonical(b.value)
        return first is not None and first == second

    def _canonical(self, value: Any) -> str | None:
        cached = self._text.get(id(value))
        if cached is None or cached[0] is not value:
            cached = (value, canonical(value))
            self._text[id(value)] = cached
        return cached[1]

    def includes(self, old: tuple[Space, str], new: tuple[Space, str]) -> bool:
        """Whether every instance valid under ``old``'s root is valid under ``new``'s."""
        return self.proves(view(old[0].root(old[1])), new[0].root(new[1]))

    # -- the left side, in cases ----------------------------------------------------------

    def expand(self, v: View) -> list[View]:
        """``v`` as a union of conjunctions without ``$ref``/``allOf``/``not``/``anyOf``/
        ``oneOf``/``if`` left to take apart (each case a superset of its share of ``v``)."""
        parts, seen, index = list(v), {p.key for p in v}, 0
        while index < len(parts):
            part = parts[index]
            added: list[Part] = []
            if part.negated:
                inner = part.node.value
                if isinstance(inner, dict) and set(inner) - NEUTRAL == {"anyOf"}:
                    branches = inner["anyOf"] if isinstance(inner["anyOf"], list) else []
                    added = [
                        Part(part.node.at("anyOf", i), negated=True) for i in range(len(branches))
                    ]
            elif isinstance(part.node.value, dict):
                if part.has("$ref"):
                    target = part.node.space.target(part.node)
                    if target is not None:
                        added.append(Part(target))
                if part.has("allOf") and isinstance(part.get("allOf"), list):
                    added += [part.at("allOf", i) for i in range(len(part.get("allOf")))]
                if part.has("not"):
                    inner = part.node.at("not")
                    if isinstance(inner.value, dict) and set(inner.value) - NEUTRAL == {"not"}:
                        added.append(Part(inner.at("not")))
                    else:
                        added.append(Part(inner, negated=True))
                names = required(tuple(parts))
                for name in part.get("dependentSchemas") or {}:
                    if name in names:
                        added.append(part.at("dependentSchemas", name))
                if added:
                    skipped = {"$ref", "allOf", "not"} | (
                        {"dependentSchemas"} if part.has("dependentSchemas") and any(
                            n in names for n in part.get("dependentSchemas") or {}) else set()
                    )  # fmt: skip
                    parts[index] = Part(part.node, part.skip | skipped, part.negated)
            for extra in added:
                if extra.key not in seen and len(parts) < 64:
                    seen.add(extra.key)
                    parts.append(extra)
            index += 1
        return self._split(tuple(parts), 0)

    def _split(self, v: View, depth: int) -> list[View]:
        for index, part in enumerate(v):
            if part.negated:
                continue
            rest = v[:index] + v[index + 1 :]
            for keyword in ("anyOf", "oneOf"):
                branches = part.get(keyword)
                if isinstance(branches, list) and branches:
                    done = Part(part.node, part.skip | {keyword})
                    if depth > 6 or len(branches) > _SPLIT_LIMIT:
                        return self._split((*rest, done), depth + 1)
                    cases = [(*rest, done, part.at(keyword, i)) for i in range(len(branches))]
                    return self._cases(cases, depth)
            if part.has("if"):
                done = Part(part.node, part.skip | {"if", "then", "else"})
                condition = part.at("if")
                yes = [condition] + ([part.at("then")] if part.has("then") else [])
                no = [Part(condition.node, negated=True)]
                no += [part.at("else")] if part.has("else") else []
                return self._cases([(*rest, done, *yes), (*rest, done, *no)], depth)
        return [v]

    def _cases(self, cases: list[View], depth: int) -> list[View]:
        found: list[View] = []
        for case in cases:
            for expanded in self.expand(case) if depth < 6 else [case]:
                found.extend(self._split(expanded, depth + 1) if depth < 6 else [expanded])
                if len(found) > _SPLIT_LIMIT:
                    return found
        return found

    # -- emptiness ------------------------------------------------------------------------

    def empty(self, v: View) -> bool:
        """Proven to hold no instance at all."""
        if any(p.node.value is False for p in positive(v)):
            return True
        if not v:
            return False
        key = ("empty", view_key(v))
        if key in self._memo:
            return self._memo[key]
        if key in self._active or len(self._active) > _DEPTH_LIMIT:
            return False
        self._active.add(key)
        try:
            result = all(self._empty_case(case) for case in self.expand(v))
        finally:
            self._active.discard(key)
        self._memo[key] = result
        return result

    def _empty_case(self, v: View) -> bool:
        if any(p.node.value is False for p in positive(v)):
            return True
        plain = tuple(positive(v))
        if any(p.negated and self.proves(plain, p.node) for p in v):
            return True  # what the view requires, it also refuses
        values = candidates(v)
        if values is not None and not any(member(v, value) for value in values):
            return True
        return not shapes.live_kinds(self, v)

    # -- inclusion ------------------------------------------------------------------------

    def proves(self, v: View, b: Node) -> bool:
        """Whether every instance of view ``v`` is valid under ``b`` (proven)."""
        if trivial(b.value):
            return True
        if any(not p.skip and self.equal(p.node, b) for p in positive(v)):
            return True
        key = (view_key(v), b.key)
        if key in self._memo:
            return self._memo[key]
        if key in self._active or len(self._active) > _DEPTH_LIMIT:
            return False  # a cycle, or too deep: assume nothing
        self.steps += 1
        if self.steps > _STEP_LIMIT:
            return False
        self._active.add(key)
        try:
            result = all(self._case(case, b) for case in self.expand(v))
        finally:
            self._active.discard(key)
        self._memo[key] = result
        return result

    def _case(self, v: View, b: Node) -> bool:
        if any(p.node.value is False for p in positive(v)):
            return True
        if b.value is False:
            return self._empty_case(v)
        if not isinstance(b.value, dict):
            return False
        values = candidates(v)
        if values is not None:
            return all(b.space.valid(b, value) is True for value in values if member(v, value))
        if self._empty_case(v):
            return True
        keywords = set(b.value)
        if keywords & UNSURE:
            return False
        if not self._applicators(v, b):
            return False
        return shapes.proves_shape(self, v, b)

    def _applicators(self, v: View, b: Node) -> bool:
        value = b.value
        if "$ref" in value:
            target = b.space.target(b)
            if target is None or not self.proves(v, target):
                return False
        for index in range(len(value.get("allOf", []))):
            if not self.proves(v, b.at("allOf", index)):
                return False
        for keyword in ("anyOf", "oneOf"):
            branches = value.get(keyword)
            if isinstance(branches, list):
                options = [b.at(keyword, i) for i in range(len(branches))]
                if not self._some_branch(v, options, keyword == "oneOf"):
                    return False
        if "not" in value and not self.disjoint(v, b.at("not")):
            return False
        if "if" in value:
            condition = b.at("if")
            if "then" in value and not self.proves((*v, Part(condition)), b.at("then")):
                return False
            if "else" in value and not self.proves(
                (*v, Part(condition, negated=True)), b.at("else")
            ):
                return False
        return True

    def _some_branch(self, v: View, options: list[Node], alone: bool) -> bool:
        """Whether one option takes all of ``v`` (and, for ``oneOf``, no other option
        takes any of it); else the same, kind by kind."""

        def taken(case: View) -> bool:
            return any(
                self.proves(case, option)
                and (not alone or all(self.disjoint(case, o) for o in options if o is not option))
                for option in options
            )

        if taken(v):
            return True
        live = shapes.live_kinds(self, v)
        if len(live) < 2:
            return False
        space = options[0].space
        return all(taken((*v, Part(made_up(space, KIND_SCHEMAS[kind])))) for kind in live)

    # -- disjointness ---------------------------------------------------------------------

    def disjoint(self, v: View, x: Node) -> bool:
        """Whether no instance is in both view ``v`` and schema ``x`` (proven)."""
        if x.value is False:
            return True
        if trivial(x.value):
            return self.empty(v)
        key = ("disjoint", view_key(v), x.key)
        if key in self._memo:
            return self._memo[key]
        if key in self._active or len(self._active) > _DEPTH_LIMIT:
            return False
        self.steps += 1
        if self.steps > _STEP_LIMIT:
            return False
        self._active.add(key)
        try:
            result = all(self._disjoint_case(case, x) for case in self.expand(v))
        finally:
            self._active.discard(key)
        self._memo[key] = result
        return result

    def _disjoint_case(self, v: View, x: Node) -> bool:
        if self._empty_case(v):
            return True
        if any(p.negated and self.proves(view(x), p.node) for p in v):
            return True
        values = candidates(v)
        if values is not None:
            return all(x.space.valid(x, value) is False for value in values if member(v, value))
        if not isinstance(x.value, dict):
            return False
        value = x.value
        theirs = candidates(view(x))
        if theirs is not None:
            return all(not member(v, other) or x.space.valid(x, other) is False
                       for other in theirs if member(view(x), other))  # fmt: skip
        if "$ref" in value:
            target = x.space.target(x)
            if target is not None and self.disjoint(v, target):
                return True
        for index in range(len(value.get("allOf", []))):
            if self.disjoint(v, x.at("allOf", index)):
                return True
        for keyword in ("anyOf", "oneOf"):
            branches = value.get(keyword)
            if isinstance(branches, list) and all(
                self.disjoint(v, x.at(keyword, i)) for i in range(len(branches))
            ):
                return True
        if "not" in value and self.proves(v, x.at("not")):
            return True
        if not (kinds(v) & shapes.live_kinds(self, view(x))):
            return True
        return shapes.disjoint_shape(self, v, x)
