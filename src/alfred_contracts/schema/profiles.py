"""The two validation profiles, both derived from the one canonical schema (policy 5).

``strict`` is the canonical contract as written. ``lenient`` is a tolerant reader for
receivers, computed from it by two rules, so nobody ever edits a second copy:

1. objects are opened: ``additionalProperties: false`` (and ``unevaluatedProperties:
   false``) are dropped, so unknown fields are accepted;
2. a subschema that carries ``x-lenient-also`` also accepts that alternative: it becomes
   ``anyOf: [the strict subschema, the alternative]``. This is how a ledgered vendor quirk
   (a numeric string for ``event_time``) is tolerated.
"""

from __future__ import annotations

from typing import Literal

from alfred_contracts.errors import UsageError
from alfred_contracts.refs import JSON, transform

Profile = Literal["strict", "lenient"]
PROFILES: tuple[Profile, ...] = ("strict", "lenient")

LENIENT_KEY = "x-lenient-also"
#: keywords that stay on the outer node when a subschema is wrapped in anyOf
_OUTER = ("$schema", "$id", "$defs", "$comment", "title", "description", "x-version")


def check_profile(name: str) -> Profile:
    if name not in PROFILES:
        raise UsageError(f"unknown profile {name!r}; choose strict or lenient")
    return name


def _open(node: dict[str, JSON]) -> dict[str, JSON]:
    for key in ("additionalProperties", "unevaluatedProperties"):
        if node.get(key) is False:
            del node[key]
    if LENIENT_KEY not in node:
        return node
    also = node.pop(LENIENT_KEY)
    outer = {key: node.pop(key) for key in _OUTER if key in node}
    outer["anyOf"] = [node, also]
    return outer


def lenient(schema: JSON) -> JSON:
    """The lenient variant of one schema resource."""
    return transform(schema, _open)


def apply(profile: Profile, schema: JSON) -> JSON:
    """``schema`` under ``profile``. Strict is the canonical schema itself (validators
    ignore the ``x-lenient-also`` annotation)."""
    return lenient(schema) if profile == "lenient" else schema
