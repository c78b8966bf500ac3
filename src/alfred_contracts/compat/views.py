"""Schemas seen as sets of instances: the pieces the inclusion proofs reason with.

A :class:`Node` is a subschema at a known place (its side's :class:`Space`, document URI
and JSON Pointer), so either engine can be asked about it. A *view* is a conjunction of
:class:`Part`\\ s: the instances valid under every part (and invalid under every negated
part). Views only ever grow by adding conjuncts, or lose constraints (a part may skip
keywords), so every fact read from a view describes a *superset* of the instances it
stands for, which is what a sound "old ⊆ new" proof may assume about its left side.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol
from urllib.parse import urldefrag, urljoin

from alfred_contracts.compat.changes import json_type
from alfred_contracts.engines.probes import Probes
from alfred_contracts.errors import RefError
from alfred_contracts.refs import JSON, escape_token, fragment_pointer

#: JSON value kinds; numbers are split into integers and non-integral numbers
KINDS = frozenset({"null", "boolean", "object", "array", "string", "integer", "fraction"})
TYPE_KINDS = {
    "null": {"null"},
    "boolean": {"boolean"},
    "object": {"object"},
    "array": {"array"},
    "string": {"string"},
    "integer": {"integer"},
    "number": {"integer", "fraction"},
}
#: a schema for each kind alone
_SINGLE = ("null", "boolean", "object", "array", "string", "integer")
KIND_SCHEMAS: dict[str, Any] = {
    **{kind: {"type": kind} for kind in _SINGLE},
    "fraction": {"type": "number", "not": {"type": "integer"}},
}
#: keywords that let ``unevaluated*`` see what other subschemas evaluated
IN_PLACE = frozenset(
    {"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "$ref",
     "$dynamicRef"}
)  # fmt: skip


def kind_of(value: Any) -> str:
    """:func:`.changes.json_type`, with numbers split into integers and fractions."""
    kind = json_type(value)
    if isinstance(value, float):
        return "integer" if value.is_integer() else "fraction"
    return kind


def number(value: Any) -> Fraction | None:
    """A JSON number as an exact fraction (as written in decimal), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    except (ValueError, OverflowError):
        return None


class Space:
    """One side of a comparison: its resources, ``$ref`` lookup and the engines' probes."""

    def __init__(self, resources: dict[str, JSON], name: str) -> None:
        self.resources = resources
        self.name = name
        self.probes = Probes(resources)

    def root(self, uri: str) -> Node:
        return Node(self, uri, "", self.resources[uri], uri)

    def target(self, node: Node) -> Node | None:
        """The node ``node``'s ``$ref`` points to (None: not a place this side holds)."""
        ref = node.value.get("$ref") if isinstance(node.value, dict) else None
        if not isinstance(ref, str) or node.uri is None:
            return None
        uri, fragment = urldefrag(urljoin(node.base, ref))
        if uri not in self.resources:
            return None
        try:
            where = fragment_pointer(self.resources, uri, fragment)
        except RefError:
            return None
        value: JSON = self.resources[uri]
        for token in list(where.split("/")[1:]):
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                return None
        return Node(self, uri, where, value, uri)

    def valid(self, node: Node, value: object) -> bool | None:
        """Both engines' verdict on ``value`` under ``node`` (None when unsure)."""
        if node.value is True:
            return True
        if node.value is False:
            return False
        if node.uri is None:
            return Probes.verdict(self.probes.standalone(node.value), value)
        return Probes.verdict(self.probes.at(node.uri, node.pointer), value)


@dataclass(frozen=True, eq=False)
class Node:
    space: Space
    uri: str | None  #: the document (None: a schema made up by the proof itself)
    pointer: str
    value: JSON
    base: str  #: the base URI its ``$ref``s are relative to

    @property
    def key(self) -> tuple[Any, ...]:
        if self.uri is None:
            return (id(self.space), None, json.dumps(self.value, sort_keys=True))
        return (id(self.space), self.uri, self.pointer)

    def at(self, *keys: str | int) -> Node:
        value, pointer, base = self.value, self.pointer, self.base
        for key in keys:
            value = value[key]
            pointer += "/" + escape_token(key)
            if isinstance(value, dict) and isinstance(value.get("$id"), str):
                base = urljoin(base, value["$id"])
        return Node(self.space, self.uri, pointer, value, base)

    def get(self, keyword: str) -> Any:
        return self.value.get(keyword) if isinstance(self.value, dict) else None


def made_up(space: Space, value: JSON) -> Node:
    return Node(space, None, "", value, "")


@dataclass(frozen=True)
class Part:
    node: Node
    skip: frozenset[str] = frozenset()
    negated: bool = False

    def has(self, keyword: str) -> bool:
        return (
            isinstance(self.node.value, dict)
            and keyword in self.node.value
            and (keyword not in self.skip)
        )

    def get(self, keyword: str) -> Any:
        return self.node.value.get(keyword) if self.has(keyword) else None

    def at(self, *keys: str | int) -> Part:
        return Part(self.node.at(*keys))

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.node.key, tuple(sorted(self.skip)), self.negated)


View = tuple[Part, ...]


def view(*nodes: Node) -> View:
    return tuple(Part(node) for node in nodes)


def positive(v: View) -> list[Part]:
    return [p for p in v if not p.negated]


def view_key(v: View) -> tuple[Any, ...]:
    return tuple(sorted((p.key for p in v), key=repr))


# -- facts read from a view ------------------------------------------------------------


def kinds(v: View) -> frozenset[str]:
    """The kinds of value the view may hold (a superset)."""
    found = set(KINDS)
    for part in positive(v):
        if part.node.value is False:
            return frozenset()
        kind = part.get("type")
        if isinstance(kind, str):
            found &= TYPE_KINDS.get(kind, set())
        elif isinstance(kind, list):
            found &= set().union(*(TYPE_KINDS.get(k, set()) for k in kind if isinstance(k, str)))
        if part.has("const"):
            found &= {kind_of(part.get("const"))}
        if part.has("enum") and isinstance(part.get("enum"), list):
            found &= {kind_of(value) for value in part.get("enum")}
        step = number(part.get("multipleOf"))
        if step is not None and step.denominator == 1:
            found.discard("fraction")
    for part in v:
        if part.negated:
            found -= _pure_kinds(part.node.value)
    return frozenset(found)


def _pure_kinds(value: Any) -> set[str]:
    """The kinds a schema accepts whole, if it says nothing but ``type`` (else none)."""
    if value is True or (isinstance(value, dict) and not value):
        return set(KINDS)
    if not isinstance(value, dict) or set(value) - {"type", "title", "description", "$comment"}:
        return set()
    kind = value.get("type")
    names = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return set().union(*(TYPE_KINDS.get(k, set()) for k in names if isinstance(k, str)))


def candidates(v: View) -> list[Any] | None:
    """The finite set of values the view is limited to (a superset), or None."""
    for part in positive(v):
        if part.has("const"):
            return [part.get("const")]
        values = part.get("enum")
        if isinstance(values, list) and len(values) <= 2000:
            return list(values)
    found = kinds(v)
    if found == {"null"}:
        return [None]
    if found == {"boolean"}:
        return [True, False]
    if found == {"string"} and ints(v, "maxLength", min) == 0:
        return [""]
    if found and found <= {"integer", "fraction"}:
        whole = bounds(v, integers=True)
        if whole.lower and whole.upper and whole.upper[0] - whole.lower[0] <= 64:
            low, high = int(whole.lower[0]), int(whole.upper[0])
            if found == {"integer"}:
                return list(range(low, high + 1))
            real = bounds(v, integers=False)
            if real.lower and real.upper and real.lower == real.upper and not real.lower[1]:
                point = real.lower[0]
                return [int(point) if point.denominator == 1 else float(point)]
    return None


def member(v: View, value: Any) -> bool:
    """False only when ``value`` is proven not to be in the view."""
    for part in v:
        verdict = part.node.space.valid(part.node, value)
        if verdict is (not part.negated):
            continue
        if verdict is None:
            continue
        return False
    return True


def numbers(values: list[Any]) -> list[Fraction]:
    return [n for n in (number(v) for v in values) if n is not None]


@dataclass
class Bounds:
    """The tightest bounds of a view's numbers: (value, exclusive) or None."""

    lower: tuple[Fraction, bool] | None = None
    upper: tuple[Fraction, bool] | None = None
    steps: list[Fraction] = field(default_factory=list)


def bounds(v: View, *, integers: bool) -> Bounds:
    found = Bounds()
    for part in positive(v):
        for keyword, exclusive, lower in (("minimum", False, True),
                                          ("exclusiveMinimum", True, True),
                                          ("maximum", False, False),
                                          ("exclusiveMaximum", True, False)):  # fmt: skip
            value = number(part.get(keyword))
            if value is None:
                continue
            bound = (value, exclusive)
            if integers:
                bound = _integral(bound, lower)
            current = found.lower if lower else found.upper
            if current is None or _tighter(bound, current, lower):
                if lower:
                    found.lower = bound
                else:
                    found.upper = bound
        step = number(part.get("multipleOf"))
        if step is not None and step > 0:
            found.steps.append(step)
    return found


def _integral(bound: tuple[Fraction, bool], lower: bool) -> tuple[Fraction, bool]:
    value, exclusive = bound
    if lower:
        whole = value.__ceil__() if not exclusive else value.__floor__() + 1
    else:
        whole = value.__floor__() if not exclusive else value.__ceil__() - 1
    return Fraction(whole), False


def _tighter(a: tuple[Fraction, bool], b: tuple[Fraction, bool], lower: bool) -> bool:
    if a[0] != b[0]:
        return a[0] > b[0] if lower else a[0] < b[0]
    return a[1] and not b[1]


def ints(v: View, keyword: str, pick: Any) -> int | None:
    values = [p.get(keyword) for p in positive(v)]
    found = [x for x in values if isinstance(x, int) and not isinstance(x, bool)]
    return pick(found) if found else None


def min_items(v: View) -> int:
    """The fewest items an array of the view has (``contains`` needs one at least)."""
    least = ints(v, "minItems", max) or 0
    for part in positive(v):
        if part.has("contains"):
            count = part.get("minContains") if part.has("minContains") else 1
            if isinstance(count, int) and not isinstance(count, bool):
                least = max(least, count)
    return least


def item_view(v: View, index: int) -> View:
    """What every part says about the array item at ``index``."""
    found: list[Part] = []
    for part in positive(v):
        prefix = part.get("prefixItems")
        prefix = prefix if isinstance(prefix, list) else []
        if index < len(prefix):
            found.append(part.at("prefixItems", index))
        elif part.has("items"):
            found.append(part.at("items"))
        elif part.has("unevaluatedItems") and not (IN_PLACE & set(part.node.value)):
            found.append(part.at("unevaluatedItems"))
    return tuple(found)


def prefix_length(v: View) -> int:
    lengths = [
        len(p.get("prefixItems")) for p in positive(v) if isinstance(p.get("prefixItems"), list)
    ]
    return max(lengths, default=0)


class Reasoner(Protocol):
    """What the per-kind rules ask of the prover (:class:`.inclusion.Prover`)."""

    def proves(self, v: View, b: Node) -> bool: ...

    def disjoint(self, v: View, x: Node) -> bool: ...

    def empty(self, v: View) -> bool: ...

    def expand(self, v: View) -> list[View]: ...
