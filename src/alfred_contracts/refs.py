"""JSON Pointers and ``$ref`` resolution: the one place that knows how either works.

* **Pointers** (RFC 6901): :func:`pointer` joins path parts (escaping ``~`` and ``/``),
  :func:`split_pointer` takes one apart, :func:`resolve_pointer` follows one into a
  document.
* **References**: :class:`Refs` resolves ``$ref`` the way Draft 2020-12 does (relative
  URIs against the nearest ``$id``, JSON-Pointer fragments, ``$anchor`` names), built on
  the ``referencing`` library over a fixed set of resources. Nothing outside those
  resources is ever fetched: a reference to anything else raises :class:`RefError`.
* **Walking** a schema: :func:`subschemas`, :func:`walk`, :func:`transform` and
  :func:`rewrite_refs` know which keywords hold subschemas.

Messages, field listings, docs, bundles, witnesses and the compatibility comparison all
resolve through here, so every ``$ref`` form the catalog accepts means the same thing
everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urldefrag, urljoin

from alfred_contracts.errors import RefError

JSON = Any  # a JSON value as parsed: dict, list, str, int, float, bool or None

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
#: how many ``$ref`` hops one lookup may take before it is called a cycle
MAX_HOPS = 64

#: keywords whose value is a single subschema
SINGLE = frozenset(
    {
        "additionalProperties",
        "contains",
        "contentSchema",
        "else",
        "if",
        "items",
        "not",
        "propertyNames",
        "then",
        "unevaluatedItems",
        "unevaluatedProperties",
        "x-lenient-also",
    }
)
#: keywords whose value is a list of subschemas
LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
#: keywords whose value maps names to subschemas
MAPS = frozenset({"$defs", "definitions", "dependentSchemas", "patternProperties", "properties"})


# -- JSON Pointers ---------------------------------------------------------------------


def escape_token(token: object) -> str:
    """One reference token, escaped (``~`` → ``~0``, ``/`` → ``~1``)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    """One reference token, unescaped (``~1`` → ``/``, ``~0`` → ``~``)."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer(parts: Iterable[object]) -> str:
    """Join path parts into a JSON Pointer: ``("a", "b/c", 0)`` → ``/a/b~1c/0``."""
    return "".join("/" + escape_token(part) for part in parts)


def split_pointer(text: str) -> list[str]:
    """The unescaped tokens of a JSON Pointer (``""`` is the whole document)."""
    if not text:
        return []
    if not text.startswith("/"):
        raise ValueError(f"{text!r} is not a JSON Pointer (it must start with /)")
    return [unescape_token(token) for token in text[1:].split("/")]


def resolve_pointer(document: JSON, text: str) -> JSON:
    """Follow a JSON Pointer into ``document``; :class:`LookupError` when it leads nowhere."""
    node = document
    for key in split_pointer(text):
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise LookupError(f"{text!r} leads nowhere (no {key!r})")
    return node


# -- walking schemas -------------------------------------------------------------------


def subschemas(node: JSON) -> Iterator[tuple[tuple[str, ...], JSON]]:
    """Yield (relative path, subschema) for the direct subschemas of ``node``."""
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in SINGLE:
            yield (key,), value
        elif key in LISTS and isinstance(value, list):
            for index, item in enumerate(value):
                yield (key, str(index)), item
        elif key in MAPS and isinstance(value, dict):
            for name, item in value.items():
                yield (key, name), item


def walk(node: JSON, base: str = "") -> Iterator[tuple[tuple[str, ...], JSON, str]]:
    """Yield (path, subschema, base URI) for ``node`` and every subschema below it."""
    stack: list[tuple[tuple[str, ...], JSON, str]] = [((), node, base)]
    while stack:
        path, current, current_base = stack.pop()
        if isinstance(current, dict) and isinstance(current.get("$id"), str):
            current_base = urljoin(current_base, current["$id"])
        yield path, current, current_base
        children = [(path + rel, child, current_base) for rel, child in subschemas(current)]
        stack.extend(reversed(children))


def transform(node: JSON, change: Callable[[dict[str, JSON]], dict[str, JSON]]) -> JSON:
    """Return a copy of ``node`` with ``change`` applied bottom-up to every subschema."""
    if not isinstance(node, dict):
        return node
    copied: dict[str, JSON] = {}
    for key, value in node.items():
        if key in SINGLE:
            copied[key] = transform(value, change)
        elif key in LISTS and isinstance(value, list):
            copied[key] = [transform(item, change) for item in value]
        elif key in MAPS and isinstance(value, dict):
            copied[key] = {name: transform(item, change) for name, item in value.items()}
        else:
            copied[key] = value
    return change(copied)


def references(node: JSON, base: str) -> Iterator[tuple[str, str, str]]:
    """Yield (keyword, reference as written, base URI it is relative to) for every
    ``$ref`` and ``$dynamicRef`` in ``node``."""
    for _path, current, current_base in walk(node, base):
        if isinstance(current, dict):
            for keyword in ("$ref", "$dynamicRef"):
                ref = current.get(keyword)
                if isinstance(ref, str):
                    yield keyword, ref, current_base


# -- $ref resolution -------------------------------------------------------------------


class Refs:
    """Resolves ``$ref`` within a fixed set of resources (``$id`` → schema), offline."""

    def __init__(self, resources: Mapping[str, JSON]) -> None:
        # imported here: pointers alone (parsing, every command's start) need none of it
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012

        self.resources = resources
        registry: Registry[Any] = Registry().with_resources(
            (uri, DRAFT202012.create_resource(schema)) for uri, schema in resources.items()
        )
        self.registry = registry.crawl()

    def target(self, base: str, ref: str) -> str:
        """The absolute URI (without fragment) of the resource ``ref`` points into."""
        return urldefrag(urljoin(base, ref))[0]

    def lookup(self, base: str, ref: str) -> tuple[str, JSON]:
        """Resolve ``ref`` written under ``base``: (the target's base URI, the target)."""
        uri = self.target(base, ref)
        if uri not in self.resources:
            raise RefError(
                f"$ref {ref!r} points outside the bundled schemas ({uri}); "
                "remote references are never fetched"
            )
        from referencing.exceptions import Unresolvable

        try:
            resolved = self.registry.resolver(base_uri=base).lookup(ref)
        except Unresolvable as error:
            raise RefError(f"$ref {ref!r} does not resolve: {error}") from None
        found_base = getattr(resolved.resolver, "_base_uri", uri) or uri
        return str(found_base), resolved.contents

    def deref(self, base: str, node: JSON) -> tuple[str, JSON]:
        """Merge a node's ``$ref`` target under its own keywords (local keywords win)."""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            hops += 1
            if hops > MAX_HOPS:
                raise RefError(f"$ref {node['$ref']!r} is part of a cycle of references")
            target_base, target = self.lookup(base, node["$ref"])
            if not isinstance(target, dict):
                local = {k: v for k, v in node.items() if k != "$ref"}
                return (target_base, target) if not local else (base, local)
            merged = {k: v for k, v in target.items() if k not in ("$id", "$schema", "$anchor")}
            merged.update({k: v for k, v in node.items() if k != "$ref"})
            if merged.get("$ref") == node["$ref"] and target_base == base:
                raise RefError(f"$ref {node['$ref']!r} refers to itself")
            base, node = target_base, merged
        return base, node

    def follow(self, root: str, parts: Iterable[str]) -> tuple[str, JSON]:
        """The schema node that holds the keyword at the end of an evaluation path.

        ``parts`` is a path such as ``properties/event_id/format``; ``$ref`` hops may be
        written out (jsonschema-rs does) or left implicit (python-jsonschema does): a step
        that a node does not have is looked up through the node's ``$ref``. Returns
        (base URI, node); :class:`LookupError` when the path leads nowhere.
        """
        steps = [part for part in parts if part != "$ref"]
        base, node = root, self.resources[root]
        for part in steps[:-1]:
            base, node = self._through_ref(base, node, part)
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise LookupError(f"the schema has no {part!r} on this path: {'/'.join(steps)}")
            if isinstance(node, dict) and isinstance(node.get("$id"), str):
                base = urljoin(base, node["$id"])
        if steps:
            base, node = self._through_ref(base, node, steps[-1])
        return base, node

    def _through_ref(self, base: str, node: JSON, part: str) -> tuple[str, JSON]:
        hops = 0
        while isinstance(node, dict) and part not in node and isinstance(node.get("$ref"), str):
            hops += 1
            if hops > MAX_HOPS:
                raise RefError(f"$ref {node['$ref']!r} is part of a cycle of references")
            base, node = self.lookup(base, node["$ref"])
        return base, node


_CACHE: dict[int, tuple[Mapping[str, JSON], Refs]] = {}


def refs_for(resources: Mapping[str, JSON]) -> Refs:
    """The (cached) :class:`Refs` over ``resources``; the mapping must not change."""
    cached = _CACHE.get(id(resources))
    if cached is not None and cached[0] is resources:
        return cached[1]
    made = Refs(resources)
    if len(_CACHE) >= 64:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(resources)] = (resources, made)
    return made


def deref(resources: Mapping[str, JSON], base: str, node: JSON) -> tuple[str, JSON]:
    """:meth:`Refs.deref` over ``resources``."""
    if not (isinstance(node, dict) and "$ref" in node):
        return base, node
    return refs_for(resources).deref(base, node)


def follow(resources: Mapping[str, JSON], root: str, parts: Iterable[str]) -> tuple[str, JSON]:
    """:meth:`Refs.follow` over ``resources``."""
    return refs_for(resources).follow(root, parts)


def resolve_ref(resources: Mapping[str, JSON], base: str, ref: str) -> tuple[str, JSON]:
    """:meth:`Refs.lookup` over ``resources``."""
    return refs_for(resources).lookup(base, ref)


def rewrite_refs(
    node: JSON,
    base: str,
    change: Callable[[str, str], str],
    drop: frozenset[str] = frozenset(),
) -> JSON:
    """A copy of ``node`` with every ``$ref`` replaced by ``change(target URI, fragment)``.

    ``$ref``s are resolved against ``base`` and any ``$id`` on the way; keys in ``drop``
    are left out of the copy.
    """
    if isinstance(node, dict):
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        out: dict[str, JSON] = {}
        for key, value in node.items():
            if key in drop:
                continue
            if key == "$ref" and isinstance(value, str):
                out[key] = change(*urldefrag(urljoin(base, value)))
            else:
                out[key] = rewrite_refs(value, base, change, drop)
        return out
    if isinstance(node, list):
        return [rewrite_refs(item, base, change, drop) for item in node]
    return node


def fragment_pointer(resources: Mapping[str, JSON], uri: str, fragment: str) -> str:
    """``fragment`` of resource ``uri`` as a JSON Pointer: an ``$anchor`` name becomes
    the pointer to the subschema that declares it (pointers are returned as they are)."""
    if not fragment or fragment.startswith("/"):
        return fragment
    for path, node, _base in walk(resources[uri], uri):
        if isinstance(node, dict) and node.get("$anchor") == fragment:
            return pointer(path)
    raise RefError(f"{uri} has no $anchor {fragment!r}")


__all__ = [
    "DRAFT_2020_12",
    "JSON",
    "LISTS",
    "MAPS",
    "SINGLE",
    "RefError",
    "Refs",
    "deref",
    "escape_token",
    "follow",
    "fragment_pointer",
    "pointer",
    "references",
    "refs_for",
    "resolve_pointer",
    "resolve_ref",
    "rewrite_refs",
    "split_pointer",
    "subschemas",
    "transform",
    "unescape_token",
    "walk",
]
