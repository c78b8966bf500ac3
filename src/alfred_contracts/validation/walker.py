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
from typing import Any
from urllib.parse import urldefrag, urljoin

from alfred_contracts.engines import RawError
from alfred_contracts.refs import JSON, escape_token, fragment_pointer, refs_for
from alfred_contracts.validation.keywords import (
    _ARRAY_NODE,
    _ARRAY_SHAPE,
    _LEAF,
    _OBJECT_NODE,
    _OBJECT_SHAPE,
    _OPAQUE,
    SINGLE,
    SYNTHETIC,
    _as_engine,
    _assertions,
    _can_fail,
    _fixed_strings,
    fixed_quotes_at,
)
from alfred_contracts.validation.messages import locator
from alfred_contracts.validation.repeat import Repeat, compile_masked

__all__ = ["Repeat", "Walker", "fixed_quotes_at"]

Compile = Callable[[JSON, str], Any]  # (schema node, base URI) → a jsonschema-rs Validator


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
            self._masked[key] = compile_masked(self, event, key[1])
        masked = self._masked[key]
        return None if masked is None else Repeat(self, masked, sorted(set(leaves)))
