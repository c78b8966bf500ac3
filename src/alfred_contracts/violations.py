"""Violations and results: the values passed between the pipeline's stages.

A violation is data, never an exception. Every stage (loading, routing, checking) reports
what is wrong with an input as :class:`Violation` records, and one reporter renders them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Protocol

#: keyword of a violation raised because the input is not JSON at all
KEYWORD_JSON = "json"
#: keyword of a violation raised for a duplicated key inside one JSON object
KEYWORD_DUPLICATE_KEY = "duplicate-key"
#: keyword of a violation raised when a payload cannot be routed to an event schema
KEYWORD_EVENT_NAME = "event_name"


class Violation(NamedTuple):
    """One way in which one input breaks the contract (an immutable record).

    ``instance_path`` is a JSON Pointer (RFC 6901) to the failing value, ``""`` for the
    whole document. ``schema_path`` is a JSON Pointer into the event's schema (through
    ``$ref`` hops), ``""`` when no schema rule is involved (the input is not JSON, or it
    names no known event). ``line`` is the 1-based line of an NDJSON record, else None.

    A named tuple rather than a dataclass: a large capture can hold hundreds of thousands
    of violations, and a tuple is built several times faster than a frozen dataclass.
    """

    source: str
    line: int | None
    event: str | None
    instance_path: str
    schema_path: str
    keyword: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "line": self.line,
            "event": self.event,
            "instance_path": self.instance_path,
            "schema_path": self.schema_path,
            "keyword": self.keyword,
            "message": self.message,
        }

    @property
    def location(self) -> str:
        """``source``, ``source:line`` for NDJSON records."""
        return self.source if self.line is None else f"{self.source}:{self.line}"


class DocumentResult(NamedTuple):
    """The verdict on one document (one .json file or one NDJSON line).

    A named tuple rather than a dataclass: one is made per document, and a tuple is the
    cheapest immutable record Python has.
    """

    source: str
    line: int | None
    event: str | None
    violations: tuple[Violation, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.violations


@dataclass(slots=True)
class Summary:
    """Counts over a whole run."""

    checked: int = 0
    valid: int = 0
    invalid: int = 0
    violations: int = 0
    sources: int = 0
    profile: str = "strict"

    @property
    def ok(self) -> bool:
        return self.invalid == 0

    def add(self, result: DocumentResult) -> None:
        self.checked += 1
        if result.violations:
            self.invalid += 1
            self.violations += len(result.violations)
        else:
            self.valid += 1

    def add_valid(self, count: int) -> None:
        """Count ``count`` valid documents at once (the fast path reports only totals)."""
        self.checked += count
        self.valid += count


def finalize(violations: list[Violation]) -> tuple[Violation, ...]:
    """Sort and de-duplicate the violations of one document."""
    return tuple(sorted(set(violations), key=_order))


def _order(v: Violation) -> tuple[str, str, str, str]:
    return (v.instance_path, v.keyword, v.message, v.schema_path)


class Reporter(Protocol):
    """Where the check stage sends its verdicts (the reporters of :mod:`.report`)."""

    def document(self, result: DocumentResult) -> None: ...
    def passed(self, source: str, count: int) -> None: ...
    def finish(self, summary: Summary) -> None: ...
