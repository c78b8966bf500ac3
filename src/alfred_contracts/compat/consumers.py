"""Registered consumers: who reads which fields of which events, at which major version.

``contracts/consumers/<name>.yaml``::

    consumer: billing-sync
    description: Books each started job against the company's contract.
    events:
      job_start_event:
        version: "1"          # optional: the major version this consumer is pinned to
        fields: [event_id, event_time, event.company_id, event.job_id]

A change breaks a consumer when it touches a field the consumer reads (or a field above
it) and is not proven forward compatible there (an event the new schema allows that the
old one refused reaches the consumer), or removes or renames it. A change to a field
nobody reads breaks nobody. When forward compatibility is unknown the consumer is not
proven broken, but it is not proven safe either: the gate treats it like a break.

The pin rule: a consumer without ``version`` follows the latest major version, so every
change reaches it. A consumer pinned to major ``N`` keeps reading ``N``: a change released
as a higher major version does not reach it (the gate says so, as a notice); a change
within its pinned major does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from alfred_contracts.compat.changes import Change, Witness
from alfred_contracts.errors import UsageError
from alfred_contracts.refs import split_pointer

CONSUMERS = "contracts/consumers"
#: changes that concern only the undeclared properties of an object (or nothing at all):
#: they never reach a declared field that a consumer reads
_OBJECT_RULES = frozenset(
    {
        "additional-properties-opened",
        "additional-properties-closed",
        "additional-properties-changed",
        "annotation-changed",
    }
)


@dataclass(frozen=True)
class Consumer:
    name: str
    description: str
    fields: dict[str, tuple[str, ...]]  #: event name -> dotted field paths
    path: Path
    pins: dict[str, int] = field(default_factory=dict)  #: event name -> pinned major version


def load(folder: Path) -> list[Consumer]:
    import yaml

    found = []
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
            specs = data.get("events") or {}
            events = {
                str(name): tuple(str(f) for f in (spec or {}).get("fields", []))
                for name, spec in specs.items()
            }
            pins = {
                str(name): _major(path, str(name), spec["version"])
                for name, spec in specs.items()
                if isinstance(spec, dict) and spec.get("version") is not None
            }
            name, description = str(data["consumer"]), str(data.get("description", ""))
            found.append(Consumer(name, description, events, path, pins))
        except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
            raise UsageError(f"{path}: not a usable consumer file ({error})") from None
    return found


def _major(path: Path, event: str, value: Any) -> int:
    """A ``version`` pin: a major version number, written ``1`` or ``"1"``."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and re.fullmatch(r"\d+", value.strip()):
        return int(value)
    raise UsageError(
        f'{path}: events.{event}.version must be a major version such as "1", got {value!r}'
    )


def _segments(pointer: str) -> list[str]:
    return [token for token in split_pointer(pointer) if token != "*"]


def touches(change: Change, field: str) -> bool:
    """Whether ``change`` concerns ``field`` (dotted) or an object that holds it."""
    if change.rule in _OBJECT_RULES:
        return False
    changed, read = _segments(change.path), field.split(".")
    return read[: len(changed)] == changed or changed[: len(read)] == read


_REMOVALS = ("property-removed", "property-renamed")


def breaks(change: Change) -> bool:
    """Whether ``change`` can break a reader of the place it concerns."""
    return change.forward is not True or change.rule in _REMOVALS


def broken(
    consumers: list[Consumer], event: str, changes: list[Change]
) -> list[tuple[Consumer, list[str], list[Change]]]:
    """(consumer, the fields it reads that break, the changes) for every broken consumer."""
    found = []
    for consumer in consumers:
        fields = consumer.fields.get(event, ())
        hits = [(f, c) for c in changes if breaks(c) for f in fields if touches(c, f)]
        if hits:
            found.append((consumer, sorted({f for f, _c in hits}), [c for _f, c in hits]))
    return found


#: broken: proven (a witness, or the field is gone); unproven: forward compatibility
#: unknown; shielded: the consumer is pinned to an older major version than the change
Status = Literal["broken", "unproven", "shielded"]


@dataclass(frozen=True)
class Impact:
    """One change that reaches fields one consumer reads."""

    consumer: Consumer
    fields: tuple[str, ...]  #: the fields it reads that the change touches
    change: Change
    status: Status
    #: an event valid under the new schema and invalid under the old one, when found
    witness: Witness | None


def new_witness(change: Change) -> Witness | None:
    """The change's witness that the new schema accepts and the old one refuses."""
    for witness in (change.witness, change.witness_other):
        if witness is not None and witness.valid_under == "new":
            return witness
    return None


def impacts(
    consumers: list[Consumer], event: str, changes: list[Change], major: int | None = None
) -> list[Impact]:
    """Every (consumer, change) pair where the change breaks fields the consumer reads.

    ``major`` is the major version the changed schema is released as; a consumer pinned
    to an older one is ``shielded`` (without ``major``, pins are not considered).
    """
    found = []
    for consumer in consumers:
        reads = consumer.fields.get(event, ())
        pin = consumer.pins.get(event)
        for change in changes:
            hit = tuple(f for f in reads if touches(change, f)) if breaks(change) else ()
            if not hit:
                continue
            status: Status = "broken"
            if major is not None and pin is not None and pin < major:
                status = "shielded"
            elif change.forward is None and change.rule not in _REMOVALS:
                status = "unproven"
            found.append(Impact(consumer, hit, change, status, new_witness(change)))
    return found


def pin_problems(consumers: list[Consumer], event: str, major: int) -> list[tuple[Consumer, str]]:
    """Consumers pinned to a major version of ``event`` above the current one ``major``."""
    return [
        (c, f"{c.name} pins {event} to major version {c.pins[event]}, but {event} is at {major}")
        for c in consumers
        if c.pins.get(event, -1) > major
    ]
