"""Small, engine-independent helpers for walking JSON Schema documents (Draft 2020-12)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import urldefrag, urljoin

JSON = Any  # a JSON value as parsed: dict, list, str, int, float, bool or None

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

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


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


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def resolve_pointer(document: JSON, fragment: str) -> JSON:
    """Follow a JSON Pointer fragment (``/a/b``) into ``document``; KeyError when absent."""
    node = document
    if not fragment:
        return node
    for token in fragment.lstrip("/").split("/"):
        key = unescape(token)
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise KeyError(fragment)
    return node


def resolve_ref(resources: Mapping[str, JSON], base: str, ref: str) -> tuple[str, JSON]:
    """Resolve ``ref`` against ``base`` within ``resources``; return (target base, node)."""
    target = urljoin(base, ref)
    uri, fragment = urldefrag(target)
    if uri not in resources:
        raise KeyError(uri)
    return uri, resolve_pointer(resources[uri], fragment)


def follow(
    resources: Mapping[str, JSON], root_id: str, parts: list[str] | tuple[str, ...]
) -> tuple[str, JSON]:
    """Find the schema node that holds the keyword at the end of an evaluation path.

    ``parts`` is a path such as ``properties/event_id/format``; ``$ref`` hops may be
    written out (jsonschema-rs does) or left implicit (python-jsonschema does): a step that
    a node does not have is looked up through the node's ``$ref``. Returns (base URI, node).
    """
    steps = [part for part in parts if part != "$ref"]
    base, node = root_id, resources[root_id]
    for part in steps[:-1]:
        base, node = _through_ref(resources, base, node, part)
        if isinstance(node, dict):
            node = node[part]
        elif isinstance(node, list):
            node = node[int(part)]
        else:
            raise KeyError(part)
        if isinstance(node, dict) and isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
    if steps:
        base, node = _through_ref(resources, base, node, steps[-1])
    return base, node


def _through_ref(
    resources: Mapping[str, JSON], base: str, node: JSON, part: str
) -> tuple[str, JSON]:
    hops = 0
    while isinstance(node, dict) and part not in node and "$ref" in node and hops < 32:
        hops += 1
        base, node = resolve_ref(resources, base, node["$ref"])
    return base, node


def deref(resources: Mapping[str, JSON], base: str, node: JSON) -> tuple[str, JSON]:
    """Merge a node's ``$ref`` target under its own keywords (local keywords win)."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        seen += 1
        target_base, target = resolve_ref(resources, base, node["$ref"])
        merged = {k: v for k, v in target.items() if k not in ("$id", "$schema")}
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        base, node = target_base, merged
    return base, node


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
