"""The fields of an event, flattened from its schema: what docs tables and test suites need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from alfred_contracts.refs import JSON, deref
from alfred_contracts.schema.catalog import Catalog


@dataclass(frozen=True)
class Field:
    path: str  #: dotted path, e.g. ``event.job_id``
    type: str
    format: str
    required: bool
    constraints: str
    description: str
    #: a string with no format, constant, enum or pattern: any text is valid
    free_text: bool = False


def _type_of(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind:
        return str(kind)
    if "const" in node:
        return type(node["const"]).__name__.replace("str", "string")
    return "any"


def _constraints(node: dict[str, Any]) -> str:
    parts = []
    if "const" in node:
        parts.append(f"always `{node['const']}`")
    if "enum" in node:
        parts.append("one of " + ", ".join(f"`{v}`" for v in node["enum"]))
    if "minimum" in node:
        parts.append(f"≥ {node['minimum']}")
    if "maximum" in node:
        parts.append(f"≤ {node['maximum']}")
    if "pattern" in node:
        parts.append(f"matches `{node['pattern']}`")
    if "minLength" in node:
        parts.append(f"at least {node['minLength']} characters")
    if node.get("type") == "object":
        closed = node.get("additionalProperties") is False
        parts.append("closed: no other properties" if closed else "open: other properties allowed")
    also = node.get("x-lenient-also")
    if isinstance(also, dict):
        what = also.get("type", "value")
        extra = f" matching `{also['pattern']}`" if "pattern" in also else ""
        parts.append(f"lenient profile also accepts a {what}{extra}")
    return "; ".join(parts)


def fields(catalog: Catalog, name: str) -> list[Field]:
    """Every field of an event, nested objects included, in schema order."""
    return schema_fields(catalog, catalog.event(name).id)


def schema_fields(catalog: Catalog, uri: str) -> list[Field]:
    """Every field of the object schema with ``$id`` ``uri`` (an event or the handshake)."""
    resources = catalog.resources("strict")

    def visit(base: str, node: JSON, path: list[str], required: bool) -> Iterator[Field]:
        base, node = deref(resources, base, node)
        yield Field(
            path=".".join(path),
            type=_type_of(node),
            format=str(node.get("format", "")),
            required=required,
            constraints=_constraints(node),
            description=str(node.get("description", "")),
            free_text=node.get("type") == "string"
            and not {"format", "const", "enum", "pattern"} & set(node),
        )
        needed = set(node.get("required", []))
        for prop, child in node.get("properties", {}).items():
            yield from visit(base, child, [*path, prop], prop in needed)

    root = resources[uri]
    needed = set(root.get("required", []))
    return [
        item
        for prop, child in root["properties"].items()
        for item in visit(uri, child, [prop], prop in needed)
    ]
