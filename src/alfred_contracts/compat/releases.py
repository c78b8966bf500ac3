"""Released schema versions and the version rule the gate enforces.

A release is a snapshot of an event's bundled (self-contained) strict schema, stored as
``contracts/releases/<event>/<version>.schema.json``; ``alfred-contracts release`` cuts
one. The working schema is compared with its latest release:

* no difference: no version change needed;
* a difference in annotations only (descriptions, titles, examples): at least a patch bump;
* a change that keeps backward compatibility: at least a minor bump;
* a breaking (or unprovable) change: a major bump.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import orjson

from alfred_contracts.compat.changes import Change, Verdict
from alfred_contracts.errors import UsageError
from alfred_contracts.schema.bundle import bundle
from alfred_contracts.schema.catalog import Catalog, EventSchema

RELEASES = "contracts/releases"
_SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)")

Version = tuple[int, int, int]


def version(text: str) -> Version:
    match = _SEMVER.fullmatch(text)
    if match is None:
        raise UsageError(f"{text!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    return int(match[1]), int(match[2]), int(match[3])


def shown(value: Version) -> str:
    return ".".join(map(str, value))


@dataclass(frozen=True)
class Release:
    event: str
    version: Version
    path: Path

    def schema(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.path.read_bytes())
        return loaded


def released(root: Path, event: str) -> list[Release]:
    """Every release of ``event``, oldest first."""
    folder = root / RELEASES / event
    found = []
    for path in folder.glob("*.schema.json") if folder.is_dir() else []:
        found.append(Release(event, version(path.name.removesuffix(".schema.json")), path))
    return sorted(found, key=lambda r: r.version)


def snapshot(catalog: Catalog, event: EventSchema) -> dict[str, Any]:
    """The release snapshot of the working schema: bundled, with a versioned ``$id``."""
    bundled = bundle(catalog, event.name)
    bundled["$id"] = urljoin(event.id, f"releases/{event.name}/{event.version}.schema.json")
    return bundled


def _content(schema: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in schema.items() if k != "$id"}, sort_keys=True)


def side(schema: dict[str, Any]) -> tuple[dict[str, Any], str]:
    return {schema["$id"]: schema}, schema["$id"]


@dataclass(frozen=True)
class Judgement:
    event: str
    latest: Version | None
    current: Version
    verdict: Verdict | None
    needed: str  #: "none", "patch", "minor" or "major"
    ok: bool
    message: str


def _bump(latest: Version, current: Version) -> str:
    if current[0] > latest[0]:
        return "major"
    if current[0] == latest[0] and current[1] > latest[1]:
        return "minor"
    if current[:2] == latest[:2] and current[2] > latest[2]:
        return "patch"
    return "none" if current == latest else "backwards"


def judge(root: Path, catalog: Catalog, event: EventSchema, *, witnesses: bool = True) -> Judgement:
    """Compare the working schema of ``event`` with its latest release."""
    current = version(event.version)
    history = released(root, event.name)
    if not history:
        message = f"{event.name} {shown(current)}: not released yet (alfred-contracts release)"
        return Judgement(event.name, None, current, None, "none", True, message)
    latest = history[-1]
    working = snapshot(catalog, event)
    old = latest.schema()
    if _content(old) == _content({**working, "$id": old["$id"]}):
        message = f"{event.name} {shown(current)}: unchanged since release {shown(latest.version)}"
        return Judgement(event.name, latest.version, current, None, "none", True, message)
    from alfred_contracts.compat.diff import diff  # the comparison: only when it runs
    from alfred_contracts.compat.witness import prove

    verdict = diff(side(old), side(working))
    if witnesses:
        verdict = prove(verdict, side(old), side(working))
    if not verdict.semantic:
        needed = "patch"
    elif verdict.backward is True:
        needed = "minor"
    else:
        needed = "major"
    bump = _bump(latest.version, current)
    order = ["none", "patch", "minor", "major"]
    ok = bump in order and order.index(bump) >= order.index(needed)
    kind = {"patch": "annotation-only", "minor": "backward compatible", "major": "breaking"}[needed]
    if verdict.backward is None and needed == "major":
        kind = "unprovable (compatibility unknown)"
    detail = summary(verdict.changes)
    if ok:
        moved = f"{shown(latest.version)} -> {shown(current)}"
        message = f"{event.name}: {kind} change, version {moved} ({detail})"
    else:
        message = (
            f"{event.name}: {kind} change needs a {needed} version bump, but x-version is "
            f"{shown(current)} and the latest release is {shown(latest.version)} ({detail})"
        )
    return Judgement(event.name, latest.version, current, verdict, needed, ok, message)


def _rank(change: Change) -> int:
    if change.rule == "annotation-changed":
        return 5
    if change.backward is not True:
        return 0 if change.backward is False else 1
    if change.forward is not True:
        return 2 if change.forward is False else 3
    return 4


def by_importance(changes: list[Change]) -> list[Change]:
    """``changes`` with the breaking ones first and annotation-only ones last (stable)."""
    return sorted(changes, key=_rank)


def summary(changes: list[Change], limit: int = 2) -> str:
    """The substantive changes, most important first; annotation-only changes only when
    there is nothing else to say."""
    ordered = by_importance(changes)
    substantive = [c for c in ordered if c.rule != "annotation-changed"]
    shown = substantive or ordered
    text = "; ".join(f"[{c.rule}] {c.path or '/'}: {c.message}" for c in shown[:limit])
    more = len(shown) - limit
    return text + (f"; and {more} more change{'s' if more != 1 else ''}" if more > 0 else "")


def cut(root: Path, catalog: Catalog) -> list[tuple[str, Path]]:
    """Snapshot every event whose working schema is not yet released; refuse bad versions."""
    written = []
    for event in catalog.events.values():
        verdict = judge(root, catalog, event, witnesses=False)
        if verdict.needed == "none" and verdict.latest is not None:
            continue
        if not verdict.ok:
            raise UsageError(verdict.message)
        target = root / RELEASES / event.name / f"{event.version}.schema.json"
        if target.exists():
            raise UsageError(
                f"{event.name} {event.version} is already released with other content; "
                "bump x-version"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(
            orjson.dumps(snapshot(catalog, event), option=orjson.OPT_INDENT_2) + b"\n"
        )
        written.append((event.name, target))
    return written
