"""The cheap invalid path: why a payload fails, without asking the engine for its errors.

jsonschema-rs answers "valid?" in well under a microsecond, but each error it reports costs
several microseconds to build (its message, paths and values, as Python objects). In a
capture where every line breaks the same rule that cost is the whole run. The schemas of
the catalog are made of a few shapes, and for those the errors of a document follow from
yes/no answers alone:

* an object whose keywords are ``type``, ``properties``, ``required`` and
  ``additionalProperties: false`` (plus annotations) fails by its missing required names,
  its unexpected names and its failing properties, each found separately;
* an array with only ``type`` and ``items`` fails by its failing elements;
* any other location fails by the one keyword that can fail for the value's JSON kind,
  when there is exactly one (``format`` applies to strings only, ``minimum`` to numbers
  only, and so on): the engine said the location fails, so that keyword failed.

The walker asks the engine "valid?" of each part of a failing location and descends only
into the failing ones. Wherever none of the rules above applies (combinators beside other
keywords, ``$ref`` with assertions beside it, ``patternProperties``, two keywords that may
both fail, ...) it takes the engine's own errors for that location, its paths prefixed. The
raw errors are then those the engine gives for the whole document: the same instance
paths, the same schema paths once ``$ref`` hops are dropped, the same failing values; so the
violation records built from them are identical. ``tests/test_walker.py`` holds the two
paths to that on every example, counterexample and thousands of mutated events.

Everything decided about a location (its shape, its compiled check, its children) is
computed once and kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal
from urllib.parse import urldefrag, urljoin

from alfred_contracts._text import kind as kind_of
from alfred_contracts._text import preview
from alfred_contracts.engines import RawError
from alfred_contracts.refs import (
    JSON,
    deref,
    escape_token,
    fragment_pointer,
    pointer,
    refs_for,
    transform,
    walk,
)
from alfred_contracts.validation.messages import explain, locator, type_expected
from alfred_contracts.violations import Violation, finalize

#: keywords that never assert anything
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "$comment",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$id",
        "$schema",
        "$anchor",
        "$dynamicAnchor",
        "$defs",
        "definitions",
        "$vocabulary",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
    }
)
#: assertions by the kind of value they apply to (the rest apply to every kind)
_STRING = frozenset({"minLength", "maxLength", "pattern", "format"})
_NUMBER = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})
_OBJECT = frozenset(
    {
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
    }
)
_ARRAY = frozenset(
    {
        "items",
        "prefixItems",
        "contains",
        "minContains",
        "maxContains",
        "minItems",
        "maxItems",
        "uniqueItems",
        "unevaluatedItems",
    }
)
#: keywords that give exactly one engine error when they fail, and whose message
#: (alfred_contracts.validation.messages.explain) is built from the value and the schema alone
SINGLE = frozenset(
    {
        "type",
        "const",
        "enum",
        "format",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "anyOf",
        "oneOf",
    }
)
_OBJECT_SHAPE = frozenset({"type", "properties", "required", "additionalProperties"})
_ARRAY_SHAPE = frozenset({"type", "items"})

_OPAQUE, _LEAF, _OBJECT_NODE, _ARRAY_NODE = range(4)
#: the base URI of the schemas the walker compiles: every reference in them is absolute,
#: and this URI names no resource of the catalog, so none is ever shadowed by them
SYNTHETIC = "urn:alfred-event-contracts:walker"
_SCALARS = (int, float, bool, type(None))

Compile = Callable[[JSON, str], Any]  # (schema node, base URI) → a jsonschema-rs Validator


def _assertions(node: dict[str, Any]) -> list[str]:
    return [k for k in node if k not in ANNOTATIONS and not k.startswith("x-")]


def _can_fail(keyword: str, node: dict[str, Any], value: object) -> bool:
    """Whether ``keyword`` of ``node`` could fail for ``value`` (may over-approximate)."""
    if keyword in _STRING:
        return type(value) is str
    if keyword in _NUMBER:
        return type(value) in (int, float)
    if keyword in _OBJECT:
        return type(value) is dict
    if keyword in _ARRAY:
        return type(value) is list
    if keyword == "type":
        return _type_can_fail(node["type"], value)
    return True


def _type_can_fail(types: object, value: object) -> bool:
    allowed = {types} if isinstance(types, str) else set(types) if isinstance(types, list) else None
    if allowed is None:
        return True
    kind = type(value)
    if kind is bool:
        return "boolean" not in allowed
    if kind is int:
        return not ({"integer", "number"} & allowed)
    if kind is float:
        return "number" not in allowed  # 2.0 is an integer: "maybe" counts as "can"
    if kind is str:
        return "string" not in allowed
    if value is None:
        return "null" not in allowed
    if kind is list:
        return "array" not in allowed
    if kind is dict:
        return "object" not in allowed
    return True


def _fixed_strings(node: JSON) -> int | None:
    """How many strings every valid value of a leaf holds (1 or 0), if that is fixed."""
    if not isinstance(node, dict) or any(k in node for k in ("anyOf", "oneOf", "allOf", "not")):
        return None
    kind = node.get("type", "string" if isinstance(node.get("const"), str) else None)
    if kind in ("number", "integer", "boolean", "null"):
        return 0
    return 1 if kind == "string" else None


def _as_engine(value: object) -> object:
    """``value`` as the engine hands failing values back: object keys sorted (its maps are
    ordered by key), so that a message quoting an object reads the same either way."""
    if type(value) is dict:
        return {key: _as_engine(value[key]) for key in sorted(value)}
    if type(value) is list:
        return [_as_engine(item) for item in value]
    return value


class _Node:
    """One schema location as reached from an event's root."""

    __slots__ = (
        "base",
        "children",
        "closed",
        "failing",
        "is_valid",
        "kind",
        "location",
        "node",
        "parts",
        "properties",
        "required",
        "root",
        "strings",
        "validator",
        "walker",
    )

    def __init__(
        self,
        walker: Walker,
        root: str,
        base: str,
        node: JSON,
        parts: tuple[str, ...],
        location: str,
    ) -> None:
        self.walker = walker
        self.root = root  #: the $id of the event's schema
        self.parts = parts  #: the schema path from the event's root, without $ref hops
        # compiled through a reference to where the node is, so that its own references
        # resolve exactly as in the whole schema (never against a copy of it)
        self.validator = walker.compile({"$ref": location}, SYNTHETIC)
        self.is_valid: Callable[[object], bool] = self.validator.is_valid
        self.children: dict[str, _Node] = {}
        self.failing: dict[type, str | None] = {}
        self.properties: dict[str, JSON] = {}
        self.required: tuple[str, ...] = ()
        self.closed = False
        self.base, self.node, self.location = walker.resolve(base, node, location)
        self.kind = self._classify()
        self.strings = _fixed_strings(self.node) if self.kind == _LEAF else None

    def _classify(self) -> int:
        node = self.node
        if not isinstance(node, dict):
            return _OPAQUE
        keys = set(_assertions(node))
        if keys <= _OBJECT_SHAPE and keys & {"properties", "required", "additionalProperties"}:
            properties = node.get("properties", {})
            required = node.get("required", [])
            extra = node.get("additionalProperties", True)
            if (
                isinstance(properties, dict)
                and isinstance(required, list)
                and all(isinstance(r, str) for r in required)
                and extra in (True, False)
                and (node.get("type", "object") == "object")
            ):
                self.properties = properties
                self.required = tuple(required)
                self.closed = extra is False
                return _OBJECT_NODE
            return _OPAQUE
        if keys <= _ARRAY_SHAPE and "items" in keys and node.get("type", "array") == "array":
            return _ARRAY_NODE
        if "$ref" in keys:  # assertions beside a $ref: the engine decides where each holds
            return _OPAQUE
        return _LEAF

    def child(self, key: str) -> _Node:
        found = self.children.get(key)
        if found is None:
            if self.kind == _ARRAY_NODE:
                items = self.node["items"]
                parts: tuple[str, ...] = (*self.parts, "items")
                where = self.location + "/items"
                found = _Node(self.walker, self.root, self.base, items, parts, where)
            else:
                schema = self.properties[key]
                parts = (*self.parts, "properties", key)
                where = f"{self.location}/properties/{escape_token(key)}"
                found = _Node(self.walker, self.root, self.base, schema, parts, where)
            self.children[key] = found
        return found

    def kids(self) -> dict[str, _Node]:
        """Every property's node (built on first use, then kept)."""
        if len(self.children) < len(self.properties):
            for key in self.properties:
                self.child(key)
        return self.children

    def single(self, value: object) -> str | None:
        """The one keyword that can fail here for a value of ``value``'s type, if one."""
        kind = type(value)
        try:
            return self.failing[kind]
        except KeyError:
            node = self.node
            failing = [k for k in _assertions(node) if _can_fail(k, node, value)]
            found = failing[0] if len(failing) == 1 and failing[0] in SINGLE else None
            self.failing[kind] = found
            return found

    def errors(self, value: object, path: tuple[str | int, ...], out: list[RawError]) -> None:
        """Append the raw errors of ``value`` (known to fail here) at ``path``."""
        kind = self.kind
        if kind == _OBJECT_NODE and type(value) is dict:
            before = len(out)
            if any(name not in value for name in self.required):
                out.append(RawError(path, (*self.parts, "required"), value, ""))
            kids = self.kids()
            if self.closed and any(name not in kids for name in value):
                out.append(RawError(path, (*self.parts, "additionalProperties"), value, ""))
            for name, item in value.items():
                child = kids.get(name)
                if child is not None and not child.is_valid(item):
                    child.errors(item, (*path, name), out)
            if len(out) > before:
                return
        elif kind == _ARRAY_NODE and type(value) is list:
            before = len(out)
            child = self.child("items")
            for index, item in enumerate(value):
                if not child.is_valid(item):
                    child.errors(item, (*path, index), out)
            if len(out) > before:
                return
        elif kind != _OPAQUE:
            keyword = self.single(value)
            if keyword is not None:
                out.append(RawError(path, (*self.parts, keyword), _as_engine(value), ""))
                return
        for raw in self.validator.iter_errors(value):  # the engine's own errors, prefixed
            out.append(
                RawError(
                    (*path, *raw.instance_path),
                    (*self.parts, *raw.evaluation_path),
                    raw.instance,
                    raw.message,
                )
            )


class Repeat:
    """A failure seen before, tried first on the next failing document of its event.

    A capture often breaks one rule on every line (the vendor's quoted ``event_time``, say).
    The last failure's leaves are replaced by ``true`` in a copy of the event's schema; a
    document that this masked schema accepts fails at most at those leaves, so one yes/no
    answer of the masked schema (and of a leaf, unless the value's kind alone fails it)
    explains it, with no walk. What a violation at a leaf says apart from the value it
    quotes is kept per leaf and kind of value.
    """

    __slots__ = ("leaves", "masked", "walker")

    def __init__(
        self, walker: Walker, masked: Any, leaves: list[tuple[tuple[str, ...], _Node]]
    ) -> None:
        self.walker = walker
        self.masked = masked
        self.leaves: list[tuple[tuple[str, ...], _Node, str, dict[type, Any]]] = [
            (path, leaf, pointer(path), {}) for path, leaf in leaves
        ]

    def errors(self, value: object) -> list[RawError] | None:
        """The raw errors of ``value``, or None when this failure is not its failure."""
        if not self.masked(value):
            return None
        out: list[RawError] = []
        for path, leaf, _where, _spots in self.leaves:
            item = value
            for key in path:
                if type(item) is not dict or key not in item:
                    break
                item = item[key]
            else:
                if not leaf.is_valid(item):
                    keyword = leaf.single(item)
                    if keyword is None:
                        leaf.errors(item, path, out)
                    else:
                        out.append(RawError(path, (*leaf.parts, keyword), _as_engine(item), ""))
        return out

    def explain(
        self, value: object, source: str, line: int | None, event: str, quotes: int | None
    ) -> tuple[tuple[Violation, ...], int | None] | None:
        """``value``'s violations when this failure explains it (an empty tuple: the
        document is valid), or None (the general path decides).

        With them comes the number of ``"`` its text holds when no key is repeated and no
        string holds an escaped quote, given ``quotes`` for a valid document of a fixed
        shape (None when that is unknown): the duplicate-key proof of scan.py.
        """
        if not self.masked(value):
            return None
        found: list[Violation] = []
        for path, leaf, where, spots in self.leaves:
            item = value
            for key in path:
                if type(item) is not dict or key not in item:
                    return None  # an optional leaf left out: the general path decides
                item = item[key]
            spot = spots.get(type(item))
            if spot is None:
                spot = spots[type(item)] = self._spot(leaf, item)
            if spot is False:
                return None
            certain, schema_path, keyword, prefix, node, base, delta = spot
            if quotes is not None:
                quotes = None if delta is None else quotes + delta
            if not certain and leaf.is_valid(item):
                continue
            if prefix is not None:
                message = prefix if item is None else prefix + preview(item)
            else:
                message = next(explain(keyword, item, node, self.walker.resources, base))[1]
            found.append(Violation(source, line, event, where, schema_path, keyword, message))
        if len(found) < 2:
            return tuple(found), quotes
        return finalize(found), quotes

    def _spot(self, leaf: _Node, item: object) -> tuple[Any, ...] | Literal[False]:
        """What a violation at ``leaf`` says for a value of ``item``'s type, but the value."""
        kind = type(item)
        if kind is dict or kind is list:
            return False
        keyword = leaf.single(item)
        if keyword is None:
            return False
        base, node, keyword, schema_path = self.walker.locate(leaf.root, (*leaf.parts, keyword))
        certain = keyword == "type" and not (
            kind is float and isinstance(node, dict) and "number" not in _types(node)
        )
        prefix = None
        if keyword == "type":
            shown = "null" if item is None else f"{kind_of(item)}: "
            prefix = f"expected {type_expected(node)}, got {shown}"
        own = 1 if kind is str else 0
        delta = None if leaf.strings is None else 2 * (own - leaf.strings)
        return certain, schema_path, keyword, prefix, node, base, delta


def _types(node: dict[str, Any]) -> list[str]:
    types = node.get("type")
    return [types] if isinstance(types, str) else list(types) if isinstance(types, list) else []


class Walker:
    """The cheap invalid path over one set of resources (one profile of one catalog)."""

    def __init__(
        self, resources: Mapping[str, JSON], roots: Mapping[str, str], compile: Compile
    ) -> None:
        self.resources = resources
        self.roots = dict(roots)
        self.compile = compile
        self._refs = refs_for(resources)
        self._nodes: dict[str, _Node] = {}
        self._last: dict[str, Repeat | None] = {}  # by event: the failure to try first
        self._masked: dict[tuple[str, frozenset[tuple[str, ...]]], Any] = {}
        self._locators: dict[str, Callable[[tuple[str | int, ...]], Any]] = {}

    def locate(self, root: str, parts: tuple[str | int, ...]) -> tuple[str, JSON, str, str]:
        """(base, node, keyword, schema pointer) of a schema path from ``root``."""
        found = self._locators.get(root)
        if found is None:
            found = self._locators[root] = locator(self.resources, root)
        return found(parts)

    def repeat(self, event: str) -> Repeat | None:
        """The last failure of ``event``, to try first on its next failing document."""
        return self._last.get(event)

    def resolve(self, base: str, node: JSON, location: str) -> tuple[str, JSON, str]:
        """Follow ``$ref`` hops that carry nothing but annotations beside them: (base URI,
        node, where the node is as an absolute URI with a JSON-pointer fragment)."""
        for _ in range(64):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                break
            if any(k != "$ref" for k in _assertions(node)):
                break
            uri, fragment = urldefrag(urljoin(base, node["$ref"]))
            base, node = self._refs.lookup(base, node["$ref"])
            location = f"{uri}#{fragment_pointer(self.resources, uri, fragment)}"
            if isinstance(node, dict) and isinstance(node.get("$id"), str):
                base = urljoin(base, node["$id"])
        return base, node, location

    def root(self, event: str) -> _Node:
        found = self._nodes.get(event)
        if found is None:
            uri = self.roots[event]
            found = _Node(self, uri, uri, self.resources[uri], (), uri + "#")
            self._nodes[event] = found
        return found

    def errors(self, event: str, value: object, *, invalid: bool = False) -> list[RawError]:
        """The engine's raw errors for ``value`` as ``event`` (empty when it is valid);
        ``invalid`` says the caller already knows it fails."""
        repeat = self._last.get(event)
        if repeat is not None:
            found = repeat.errors(value)
            if found is not None:
                return found
        root = self.root(event)
        out: list[RawError] = []
        if invalid or not root.is_valid(value):
            root.errors(value, (), out)
        if out:
            self._last[event] = self._repeat(event, out)
        return out

    def _repeat(self, event: str, raws: list[RawError]) -> Repeat | None:
        """The failure of ``raws`` as a :class:`Repeat`, when it failed at leaves only."""
        leaves: list[tuple[tuple[str, ...], _Node]] = []
        for raw in raws:
            path = raw.instance_path
            if raw.message or not path or any(type(step) is not str for step in path):
                return None  # the engine's own error, the root or an array element
            node = self.root(event)
            for step in path:
                if node.kind != _OBJECT_NODE or step not in node.properties:
                    return None
                node = node.child(str(step))
            if node.kind != _LEAF:
                return None
            leaves.append((tuple(str(step) for step in path), node))
        key = (event, frozenset(path for path, _node in leaves))
        if key not in self._masked:
            if len(self._masked) >= 256:
                self._masked.clear()
            self._masked[key] = self._compile_masked(event, key[1])
        masked = self._masked[key]
        return None if masked is None else Repeat(self, masked, sorted(set(leaves)))

    def _compile_masked(self, event: str, paths: frozenset[tuple[str, ...]]) -> Any:
        """``event``'s schema with the subschema at each of ``paths`` replaced by true."""

        def masked(base: str, node: JSON, paths: list[tuple[str, ...]]) -> JSON | None:
            base, node, _location = self.resolve(base, node, "")
            if not isinstance(node, dict):
                return None
            for _where, inner, _base in walk(node, base):
                if isinstance(inner, dict) and ("$id" in inner and inner is not node):
                    return None  # an embedded resource: its refs have their own base
                if isinstance(inner, dict) and "$dynamicRef" in inner:
                    return None
            copy = transform(
                node,
                lambda sub: (
                    {**sub, "$ref": urljoin(base, sub["$ref"])}
                    if isinstance(sub.get("$ref"), str)
                    else sub
                ),
            )
            copy = {k: v for k, v in copy.items() if k not in ("$id", "$schema")}
            properties = dict(copy["properties"])
            heads = sorted({path[0] for path in paths})
            for head in heads:
                below = [path[1:] for path in paths if path[0] == head]
                if any(not rest for rest in below):
                    properties[head] = True
                else:
                    inner = masked(base, node["properties"][head], below)
                    if inner is None:
                        return None
                    properties[head] = inner
            copy["properties"] = properties
            return copy

        uri = self.roots[event]
        schema = masked(uri, self.resources[uri], sorted(paths))
        if schema is None:
            return None
        return self.compile(schema, SYNTHETIC).is_valid


def fixed_quotes_at(resources: Mapping[str, JSON], root: str) -> int | None:
    """How many ``"`` a valid, escape-free document of the schema ``root`` holds, if its
    shape fixes that (closed objects, every property required, scalar leaves)."""

    def count(base: str, node: object) -> int | None:
        base, node = deref(resources, base, node)
        if not isinstance(node, dict) or "anyOf" in node or "oneOf" in node or "allOf" in node:
            return None
        kind = node.get("type", "string" if isinstance(node.get("const"), str) else None)
        if kind in ("number", "integer", "boolean", "null"):
            return 0
        if kind == "string":
            return 1
        if kind != "object" or node.get("additionalProperties") is not False:
            return None
        properties = node.get("properties", {})
        if set(node.get("required", [])) != set(properties):
            return None
        total = len(properties)
        for child in properties.values():
            inner = count(base, child)
            if inner is None:
                return None
            total += inner
        return total

    strings = count(root, resources[root])
    return None if strings is None else 2 * strings
