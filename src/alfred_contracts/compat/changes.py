"""The values a comparison produces: a :class:`Change` per difference, with its effect in
each direction and the :class:`Witness` that proves a break, and the :class:`Verdict`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

#: a direction's effect: True compatible, False breaking, None unknown
Effect = bool | None


@dataclass(frozen=True)
class Witness:
    valid_under: str  #: "old" or "new"
    instance: Any

    def as_dict(self) -> dict[str, Any]:
        return {"valid_under": self.valid_under, "instance": self.instance}


@dataclass(frozen=True)
class Change:
    rule: str
    path: str  #: JSON Pointer of the affected instance location ("*" for any array item)
    backward: Effect
    forward: Effect
    message: str
    witness: Witness | None = None
    #: a second witness when both directions break (valid under the other side)
    witness_other: Witness | None = None
    #: another instance path the change concerns (a renamed property's new name)
    also: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "path": self.path,
            "backward": self.backward,
            "forward": self.forward,
            "message": self.message,
            "witness": self.witness.as_dict() if self.witness else None,
            **({"witness_other": self.witness_other.as_dict()} if self.witness_other else {}),
        }


@dataclass
class Verdict:
    changes: list[Change] = field(default_factory=list)

    @staticmethod
    def _combine(effects: list[Effect]) -> Effect:
        if any(e is False for e in effects):
            return False
        if any(e is None for e in effects):
            return None
        return True

    @property
    def backward(self) -> Effect:
        return self._combine([c.backward for c in self.changes])

    @property
    def forward(self) -> Effect:
        return self._combine([c.forward for c in self.changes])

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def semantic(self) -> bool:
        """Whether any change may affect which instances are valid (not annotations only)."""
        return any(c.rule != "annotation-changed" for c in self.changes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "backward": self.backward,
            "forward": self.forward,
            "changes": [c.as_dict() for c in self.changes],
        }


def with_witness(change: Change, witness: Witness | None, other: Witness | None = None) -> Change:
    return replace(change, witness=witness, witness_other=other)


def settle(
    changes: list[Change],
    backward: bool,
    forward: bool,
    found: dict[str, dict[int, Witness]] | None = None,
) -> Verdict:
    """The changes with their effects set from proof: True when the direction is proven,
    False where a confirmed witness points, None otherwise. A witness that points at no
    change (key -1) becomes a change of its own; an unproven direction that no change
    shows as open gets an ``unproven`` change, so the verdict always reads the same
    whether taken from the changes or from the proof."""
    found = found or {"backward": {}, "forward": {}}
    settled: list[Change] = []
    for index, change in enumerate(changes):
        if change.rule == "annotation-changed":
            settled.append(replace(change, backward=True, forward=True))
            continue
        back = found["backward"].get(index)
        ahead = found["forward"].get(index)
        effects = [
            False if witness else (True if ok else None)
            for witness, ok in ((back, backward), (ahead, forward))
        ]
        first, second = (back, ahead) if back else (ahead, None)
        settled.append(replace(change, backward=effects[0], forward=effects[1],
                               witness=first, witness_other=second))  # fmt: skip
    for direction in ("backward", "forward"):
        stray = found[direction].get(-1)
        if stray is not None:
            broken = direction == "backward"
            settled.append(
                Change(
                    "schema-changed",
                    "",
                    False if broken else (True if backward else None),
                    False if not broken else (True if forward else None),
                    "instances are judged differently (see the witness)",
                    stray,
                )
            )
    for direction, ok in (("backward", backward), ("forward", forward)):
        if not ok and all(getattr(c, direction) is True for c in settled):
            what = "old" if direction == "backward" else "new"
            settled.append(
                Change(
                    "unproven",
                    "",
                    None if direction == "backward" else (True if forward else None),
                    None if direction == "forward" else (True if backward else None),
                    f"no rule proves the {direction} direction and no instance valid "
                    f"under the {what} schema was found to break it",
                )
            )
    return Verdict(settled)


# -- the vocabulary shared by the comparison and its users ---------------------------

ANNOTATIONS = frozenset(
    {"title", "description", "examples", "$comment", "default", "deprecated", "readOnly",
     "writeOnly", "x-version", "$schema", "$id", "$defs", "definitions", "x-lenient-also"}
)  # fmt: skip
UNDERSTOOD = frozenset(
    {"type", "const", "enum", "format", "pattern", "minLength", "maxLength", "minimum",
     "maximum", "exclusiveMinimum", "exclusiveMaximum", "properties", "required",
     "additionalProperties", "items", "minItems", "maxItems", "anyOf", "oneOf", "$ref"}
)  # fmt: skip
ALL_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})


def types_of(node: dict[str, Any]) -> frozenset[str]:
    kind = node.get("type")
    if isinstance(kind, str):
        found = {kind}
    elif isinstance(kind, list):
        found = set(kind)
    elif "const" in node:
        found = {json_type(node["const"])}
    elif "enum" in node:
        found = {json_type(v) for v in node["enum"]}
    else:
        return ALL_TYPES
    if "number" in found:
        found.add("integer")
    return frozenset(found)


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def shown_types(types: frozenset[str]) -> str:
    names = sorted(types - {"integer"} if "number" in types else types)
    return " or ".join(names) if types != ALL_TYPES else "anything"


def same(a: Any, b: Any) -> bool:
    """Equal as JSON values (in Python 0 == False and 1 == 1.0; in JSON text they differ)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, str | int | float | bool):
        return bool(a == b)
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
