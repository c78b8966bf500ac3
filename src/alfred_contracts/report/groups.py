"""Violations grouped by rule, and the cap on violations printed one by one.

A *rule* is one place in one event's schema: violations are grouped by (event, keyword,
schema path); those with no schema path (input that is not JSON, a repeated key, an event
that cannot be routed) by keyword and event. Schema paths hold no array indices, so the
number of groups is bounded by the schemas, not by the input: a :class:`Grouping` keeps
counters and the first few examples per rule, never the violations.
"""

from __future__ import annotations

from collections.abc import Callable

from alfred_contracts.escaping import markdown_cell, markdown_code, one_line
from alfred_contracts.violations import DocumentResult, Violation

#: rules shown in the text and markdown summaries (json lists every one)
GROUPS_SHOWN = 50
#: the first documents named per rule
FIRST_LOCATIONS = 3


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Group:
    """What the grouped summary knows of one rule: counters and the first examples."""

    __slots__ = ("documents", "example", "first", "last_document", "violations")

    def __init__(self, example: Violation) -> None:
        self.example = example  # the first violation of the rule
        self.violations = 0
        self.documents = 0
        self.first: list[tuple[str, int | None]] = []  # (source, line) of the first documents
        self.last_document = 0

    @property
    def locations(self) -> list[str]:
        """``source`` or ``source:line`` of the first documents (at most FIRST_LOCATIONS)."""
        return [source if line is None else f"{source}:{line}" for source, line in self.first]

    @property
    def more_documents(self) -> bool:
        return self.documents > len(self.first)

    def label(self) -> str:
        """``keyword at event#/schema/path``, or ``keyword (event)`` with no schema path."""
        v = self.example
        if v.schema_path:
            return f"{v.keyword} at {v.event + '#' if v.event else ''}{v.schema_path}"
        return f"{v.keyword} ({v.event})" if v.event else v.keyword

    def as_dict(self) -> dict[str, object]:
        return {
            "event": self.example.event,
            "keyword": self.example.keyword,
            "schema_path": self.example.schema_path,
            "violations": self.violations,
            "documents": self.documents,
            "first_documents": [{"source": s, "line": n} for s, n in self.first],
            "example": self.example.as_dict(),
        }


class Grouping:
    """Violations counted by rule: (event, keyword, schema path).

    Holds one :class:`Group` per rule, never the violations: the number of groups is bounded
    by the schemas (schema paths hold no array indices; violations with no schema path are
    keyed by keyword and event alone), so memory stays flat in the number of violations.
    """

    def __init__(self) -> None:
        self.groups: dict[tuple[str | None, str, str], Group] = {}
        self.documents = 0

    def add(self, result: DocumentResult) -> None:
        if not result.violations:
            return
        self.documents += 1
        document = self.documents
        groups = self.groups
        for violation in result.violations:
            key = (violation[2], violation[5], violation[4])  # event, keyword, schema path
            group = groups.get(key)
            if group is None:
                group = groups[key] = Group(violation)
            group.violations += 1
            if group.last_document != document:
                group.last_document = document
                group.documents += 1
                if group.documents <= FIRST_LOCATIONS:
                    group.first.append((violation.source, violation.line))

    def merge(self, other: Grouping) -> None:
        """Add the groups of the documents that follow (a piece checked elsewhere), as if
        each of its documents had been added here in turn."""
        for key, group in other.groups.items():
            mine = self.groups.get(key)
            if mine is None:
                group.last_document = 0  # its numbers were the piece's own
                self.groups[key] = group
                continue
            mine.violations += group.violations
            mine.documents += group.documents
            mine.first.extend(group.first[: max(FIRST_LOCATIONS - len(mine.first), 0)])
        self.documents += other.documents

    def ranked(self) -> list[Group]:
        """Most violations first; ties in order of first appearance."""
        return sorted(self.groups.values(), key=lambda group: -group.violations)


def _not_shown(hidden: int, shown: int, why: str, where: str) -> str:
    """``7 more violations not shown (why); WHERE counts them all`` (no "more" when no
    violation was shown at all)."""
    more = "more " if shown else ""
    count = f"{hidden} {more}violation{'' if hidden == 1 else 's'}"
    return f"{count} not shown ({why}); {where} counts them all"


class _Capped:
    """Counts what a ``max_violations`` cap leaves out."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.shown = 0
        self.hidden = 0

    def take(self, violations: tuple[Violation, ...]) -> tuple[Violation, ...]:
        """The violations still to print; the rest are counted as hidden."""
        if self.limit is not None:
            room = max(self.limit - self.shown, 0)
            if len(violations) > room:
                self.hidden += len(violations) - room
                violations = violations[:room]
        self.shown += len(violations)
        return violations


def text_groups(grouping: Grouping, paint: Callable[[str, str], str] | None = None) -> list[str]:
    """The grouped summary of text output, one line at a time (none without violations).

    Every piece that can quote event content (sources, paths, messages) goes through
    :func:`.escaping.one_line`; ``paint`` (code, text) may colour the rule labels.
    """
    ranked = grouping.ranked()
    if not ranked:
        return []
    bold = paint or (lambda _code, text: text)
    lines = ["", f"Violations by rule ({_plural(len(ranked), 'rule')}, most frequent first):"]
    for group in ranked[:GROUPS_SHOWN]:
        example = group.example
        counts = f"{_plural(group.violations, 'violation')} in {_plural(group.documents, 'event')}"
        lines.append(f"  {counts}: {bold('1', one_line(group.label()))}")
        where = ", ".join(one_line(location) for location in group.locations)
        lines.append(f"    at {where}{', ...' if group.more_documents else ''}")
        path = f"{one_line(example.instance_path)}: " if example.instance_path else ""
        lines.append(f"    e.g. {path}{one_line(example.message)}")
    rest = ranked[GROUPS_SHOWN:]
    if rest:
        violations = sum(group.violations for group in rest)
        lines.append(
            f"  ... and {_plural(len(rest), 'more rule')} ({_plural(violations, 'violation')})"
        )
    return lines


def markdown_groups(grouping: Grouping) -> list[str]:
    """The grouped summary of markdown output: a heading and a table (none when valid).

    Cells that can quote event content go through :func:`.escaping.markdown_cell` or
    :func:`.escaping.markdown_code`.
    """
    ranked = grouping.ranked()
    if not ranked:
        return []
    lines = [
        "",
        f"#### Violations by rule ({_plural(len(ranked), 'rule')}, most frequent first)",
        "",
        "| violations | events | event | rule | schema path | first at | example |",
        "|---:|---:|---|---|---|---|---|",
    ]
    for group in ranked[:GROUPS_SHOWN]:
        v = group.example
        first = ", ".join(markdown_code(location) for location in group.locations)
        if group.more_documents:
            first += ", …"
        path = f"{markdown_code(v.instance_path)}: " if v.instance_path else ""
        lines.append(
            f"| {group.violations} | {group.documents} | {markdown_cell(v.event or '')} | "
            f"{markdown_cell(v.keyword)} | {markdown_code(v.schema_path)} | {first} | "
            f"{path}{markdown_cell(v.message)} |"
        )
    rest = ranked[GROUPS_SHOWN:]
    if rest:
        violations = sum(group.violations for group in rest)
        lines += [
            "",
            f"… and {_plural(len(rest), 'more rule')} ({_plural(violations, 'violation')}).",
        ]
    return lines
