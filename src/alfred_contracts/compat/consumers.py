"""Registered consumers: who reads which fields of which events.

``contracts/consumers/<name>.yaml``::

    consumer: billing-sync
    description: Books each started job against the company's contract.
    events:
      job_start_event:
        fields: [event_id, event_time, event.company_id, event.job_id]

A change breaks a consumer when it touches a field the consumer reads (or a field above
it) and is not forward compatible there, or removes or renames it. A change to a field
nobody reads breaks nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alfred_contracts.compat.changes import Change
from alfred_contracts.errors import UsageError
from alfred_contracts.refs import split_pointer

CONSUMERS = "contracts/consumers"
_OBJECT_RULES = frozenset(
    {"additional-properties-opened", "additional-properties-closed", "annotation-changed"}
)


@dataclass(frozen=True)
class Consumer:
    name: str
    description: str
    fields: dict[str, tuple[str, ...]]  #: event name -> dotted field paths
    path: Path


def load(folder: Path) -> list[Consumer]:
    import yaml

    found = []
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
            events = {
                str(name): tuple(str(f) for f in (spec or {}).get("fields", []))
                for name, spec in (data.get("events") or {}).items()
            }
            found.append(
                Consumer(str(data["consumer"]), str(data.get("description", "")), events, path)
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
            raise UsageError(f"{path}: not a usable consumer file ({error})") from None
    return found


def _segments(pointer: str) -> list[str]:
    return [token for token in split_pointer(pointer) if token != "*"]


def touches(change: Change, field: str) -> bool:
    """Whether ``change`` concerns ``field`` (dotted) or an object that holds it."""
    if change.rule in _OBJECT_RULES:
        return False
    changed, read = _segments(change.path), field.split(".")
    return read[: len(changed)] == changed or changed[: len(read)] == read


def breaks(change: Change) -> bool:
    return change.forward is not True or change.rule in ("property-removed", "property-renamed")


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
