"""An event's version and changelog, from its release snapshots (``contracts/releases/``).

Each release is described by its proven difference to the one before (the gate's own
verdicts), and unreleased edits to the working schema show as a pending version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alfred_contracts.escaping import markdown_cell, markdown_code
from alfred_contracts.schema.catalog import Catalog, EventSchema


def _change_note(change: Any) -> str:
    """One changelog entry: rule and path as code, the message as plain text."""
    where = markdown_code(change.path or "/", table=False)
    return f"{markdown_code(change.rule, table=False)} at {where}: {markdown_cell(change.message)}"


def _effects(verdict: Any) -> str:
    words = {True: "compatible", False: "breaking", None: "unknown"}
    return f"backward {words[verdict.backward]}, forward {words[verdict.forward]}"


def changelog(catalog: Catalog, event: EventSchema, contracts: Path) -> list[str]:
    """Versions from the release snapshots, each described by its diff to the one before."""
    from alfred_contracts.compat import releases
    from alfred_contracts.compat.diff import diff as describe
    from alfred_contracts.compat.witness import prove

    def diff(old: Any, new: Any) -> Any:  # the same proven verdicts as the gate's
        return prove(describe(old, new), old, new)

    history = releases.released(contracts.parent, event.name)
    lines = [f"Current version: **{event.version}**.", ""]
    if not history:
        return [*lines, "No version of this schema has been released yet."]
    working = releases.snapshot(catalog, event)
    latest = history[-1].schema()
    pending = diff(releases.side(latest), releases.side(working))
    entries: list[tuple[str, list[str], str]] = []
    if pending.changes:
        label = f"{event.version} (not yet released)"
        entries.append(
            (
                label,
                [_change_note(c) for c in pending.changes],
                _effects(pending),
            )
        )
    previous = None
    chronological = []
    for release in history:
        schema = release.schema()
        if previous is None:
            chronological.append((releases.shown(release.version), ["first release"], ""))
        else:
            verdict = diff(releases.side(previous), releases.side(schema))
            notes = [_change_note(c) for c in verdict.changes]
            chronological.append(
                (releases.shown(release.version), notes or ["no change"], _effects(verdict))
            )
        previous = schema
    entries += list(reversed(chronological))
    for version, notes, effects in entries:
        lines.append(f"### {version}" + (f" ({effects})" if effects else ""))
        lines.append("")
        lines += [f"- {note}" for note in notes]
        lines.append("")
    return lines
