"""What the walker knows of JSON Schema keywords: which assert, for which kinds of value,
which fail with exactly one engine error; and the shapes that fix a document's strings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from alfred_contracts.refs import JSON, deref

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
