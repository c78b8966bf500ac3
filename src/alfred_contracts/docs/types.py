"""A field's type as a reader wants it in a table: ``string uuid``, ``array of string uri``,
``string uuid or null``, written as Markdown (formats as code spans).

:mod:`alfred_contracts.schema.fields` gives a field's own ``type`` keyword; here the schema
is read again so that alternatives (``anyOf``, ``oneOf``) and array items are spelled out
instead of showing as ``any`` or a bare ``array``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from alfred_contracts.escaping import markdown_cell, markdown_code
from alfred_contracts.refs import JSON, deref
from alfred_contracts.schema.catalog import Catalog

_DEPTH = 4  #: how deep alternatives and items are spelled out


def describe(resources: Mapping[str, JSON], base: str, node: JSON, depth: int = 0) -> str:
    """``node``'s type in words (Markdown)."""
    base, node = deref(resources, base, node)
    if not isinstance(node, dict) or depth > _DEPTH:
        return "any"
    options = node.get("anyOf") or node.get("oneOf")
    if isinstance(options, list) and options and "type" not in node:
        words = []
        for option in options:
            word = describe(resources, base, option, depth + 1)
            if word not in words:
                words.append(word)
        return " or ".join(words)
    kind = node.get("type")
    if isinstance(kind, list):
        word = " or ".join(markdown_cell(str(k)) for k in kind)
    elif isinstance(kind, str):
        word = markdown_cell(kind)
    elif "const" in node:
        value = node["const"]
        word = "null" if value is None else type(value).__name__.replace("str", "string")
    elif "enum" in node:
        word = "string" if all(isinstance(v, str) for v in node["enum"]) else "any"
    else:
        return "any"
    if kind == "array" and "items" in node:
        word += " of " + describe(resources, base, node["items"], depth + 1)
    if isinstance(node.get("format"), str):
        word += " " + markdown_code(node["format"])
    return word


def field_types(catalog: Catalog, uri: str) -> dict[str, str]:
    """Every field path of the schema ``uri`` (as ``fields`` names it) -> its type."""
    resources = catalog.resources("strict")

    def visit(base: str, node: JSON, path: list[str]) -> Iterator[tuple[str, str]]:
        yield ".".join(path), describe(resources, base, node)
        base, node = deref(resources, base, node)
        for prop, child in node.get("properties", {}).items():
            yield from visit(base, child, [*path, prop])

    root = resources[uri]
    return {
        path: word
        for prop, child in root.get("properties", {}).items()
        for path, word in visit(uri, child, [prop])
    }
