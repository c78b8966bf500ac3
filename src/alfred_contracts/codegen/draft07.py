"""Draft 2020-12 schemas rewritten for tools that read JSON Schema draft 07.

An AsyncAPI 3.0 Schema Object is a superset of draft 07, so AsyncAPI tools validate
payloads with draft-07 rules. Three differences matter for the catalog, and each has an
exact translation:

* ``$defs`` is spelled ``definitions`` (and references into it follow);
* a ``$ref`` ignores its siblings in draft 07: siblings that assert something move next
  to an ``allOf: [{"$ref": ...}]`` (titles and descriptions stay where they are);
* ``dependentRequired``, ``dependentSchemas`` and ``prefixItems`` become ``dependencies``
  and array-form ``items``.

Keywords draft 07 cannot express (``unevaluatedProperties``, ``$dynamicRef``, ...) are a
:class:`SchemaError` naming the keyword, never a silently weaker document.
"""

from __future__ import annotations

from typing import Any

from alfred_contracts.errors import SchemaError
from alfred_contracts.refs import JSON, transform

#: keywords that describe and never reject: they may stay beside a draft-07 ``$ref``
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
    }
)
_UNSUPPORTED = (
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "minContains",
    "maxContains",
)


def _node(node: dict[str, JSON]) -> dict[str, JSON]:
    for keyword in _UNSUPPORTED:
        if keyword in node:
            raise SchemaError(f"{keyword} has no JSON Schema draft-07 equivalent")
    out: dict[str, JSON] = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = value
        elif key == "$ref" and isinstance(value, str):
            out[key] = value.replace("/$defs/", "/definitions/")
        elif key in ("dependentRequired", "dependentSchemas"):
            out.setdefault("dependencies", {}).update(value)
        elif key == "prefixItems":
            out["items"] = value
            if "items" in node:
                out["additionalItems"] = node["items"]
        elif key == "items" and "prefixItems" in node:
            continue
        else:
            out[key] = value
    return _wrap_ref(out)


def _wrap_ref(node: dict[str, JSON]) -> dict[str, JSON]:
    """Move a ``$ref`` into ``allOf`` when a sibling asserts something (draft 07 would
    ignore that sibling)."""
    if "$ref" not in node:
        return node
    asserting = [k for k in node if k != "$ref" and k not in ANNOTATIONS and k[:2] != "x-"]
    if not asserting:
        return node
    wrapped: dict[str, JSON] = {k: v for k, v in node.items() if k != "$ref"}
    wrapped["allOf"] = [{"$ref": node["$ref"]}, *wrapped.get("allOf", [])]
    return wrapped


def draft07(schema: JSON) -> Any:
    """``schema`` (a 2020-12 schema whose references are pointers) for draft-07 readers."""
    return transform(schema, _node)
