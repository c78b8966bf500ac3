"""A failure seen before, tried first on the next failing document of its event."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, Protocol
from urllib.parse import urljoin

from alfred_contracts._text import kind as kind_of
from alfred_contracts._text import preview
from alfred_contracts.engines import RawError
from alfred_contracts.refs import JSON, pointer, transform, walk
from alfred_contracts.validation.keywords import SYNTHETIC, _as_engine
from alfred_contracts.validation.messages import explain, type_expected
from alfred_contracts.violations import Violation, finalize


class Leaf(Protocol):
    """What a :class:`Repeat` uses of a leaf's node (walker._Node)."""

    parts: tuple[str, ...]
    root: str
    strings: int | None

    def is_valid(self, value: object) -> bool: ...
    def single(self, value: object) -> str | None: ...
    def errors(self, value: object, path: tuple[str | int, ...], out: list[RawError]) -> None: ...


class Walking(Protocol):
    """What a :class:`Repeat` uses of the walker that made it."""

    resources: Mapping[str, JSON]
    roots: dict[str, str]
    compile: Callable[[JSON, str], Any]

    def locate(self, root: str, parts: tuple[str | int, ...]) -> tuple[str, JSON, str, str]: ...
    def resolve(self, base: str, node: JSON, location: str) -> tuple[str, JSON, str]: ...


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
        self, walker: Walking, masked: Any, leaves: list[tuple[tuple[str, ...], Leaf]]
    ) -> None:
        self.walker = walker
        self.masked = masked
        self.leaves: list[tuple[tuple[str, ...], Leaf, str, dict[type, Any]]] = [
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

    def _spot(self, leaf: Leaf, item: object) -> tuple[Any, ...] | Literal[False]:
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


def compile_masked(walker: Walking, event: str, paths: frozenset[tuple[str, ...]]) -> Any:
    """``event``'s schema with the subschema at each of ``paths`` replaced by true."""

    def masked(base: str, node: JSON, paths: list[tuple[str, ...]]) -> JSON | None:
        base, node, _location = walker.resolve(base, node, "")
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

    uri = walker.roots[event]
    schema = masked(uri, walker.resources[uri], sorted(paths))
    if schema is None:
        return None
    return walker.compile(schema, SYNTHETIC).is_valid
