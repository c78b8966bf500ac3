"""Report stage: the one place that renders results. Each output format is an API.

* ``text``: ``source[:line]:pointer: message`` per violation, then the violations grouped
  by rule, then one summary line (always the last line).
* ``json``: one object, ``{"status", "checked", "valid", "invalid", "violations": [...],
  "groups": [...]}``.
* ``junit``: JUnit XML; one test case per .json document, per invalid NDJSON line, and
  one per NDJSON source for its valid lines.
* ``github``: workflow commands (``::error file=...,line=...::message``).
* ``markdown``: a summary and a table, for a CI job summary, then the violations grouped
  by rule.

A *rule* is one place in one event's schema: violations are grouped by (event, keyword,
schema path); those with no schema path (input that is not JSON, a repeated key, an event
that cannot be routed) by keyword and event. Schema paths hold no array indices, so the
number of groups is bounded by the schemas, not by the input.

``max_violations`` caps the violations printed one by one in text, markdown and github
output (a line then says how many were left out); the grouped summary and the summary line
count every one. JSON and JUnit, written for machines, always list every violation.

Reporters receive results one document at a time and spool what they must hold until
the counts are known, or keep only counters and the first few examples per rule, so
memory stays flat whatever the number of violations.
"""

from __future__ import annotations

import codecs
import json
import os
import tempfile
from typing import IO, Literal, TextIO

import orjson

from alfred_contracts.escaping import (
    github_data,
    github_property,
    markdown_cell,
    markdown_code,
    one_line,
)
from alfred_contracts.report import junit
from alfred_contracts.report.groups import (
    Grouping,
    _Capped,
    _not_shown,
    markdown_groups,
    text_groups,
)
from alfred_contracts.report.render import Piece, Pieces, render_json, render_text, text_line
from alfred_contracts.violations import DocumentResult, Reporter, Summary

Format = Literal["text", "json", "junit", "github", "markdown"]
FORMATS: tuple[Format, ...] = ("text", "json", "junit", "github", "markdown")
MARKDOWN_ROWS = 1000
_SPOOL = 8 * 1024 * 1024
_FLUSH = 256 * 1024


class _Counts:
    """Most formats show only violations: valid NDJSON lines need no record."""

    def passed(self, source: str, count: int) -> None:
        return None


def create(
    fmt: Format, out: TextIO, *, color: bool | None = None, max_violations: int | None = None
) -> Reporter:
    """A reporter for ``fmt`` writing to ``out``.

    ``max_violations`` (None: no cap) caps the violations printed one by one in text,
    markdown and github output; json and junit output always list every violation.
    """
    if max_violations is not None and max_violations < 0:
        raise ValueError(f"max_violations must be 0 or more, not {max_violations}")
    if fmt == "text":
        return TextReporter(out, use_color(out) if color is None else color, max_violations)
    if fmt == "json":
        return JsonReporter(out)
    if fmt == "junit":
        return JUnitReporter(out)
    if fmt == "github":
        return GithubReporter(out, max_violations)
    if fmt == "markdown":
        return MarkdownReporter(out, max_violations)
    raise ValueError(f"unknown format {fmt!r}")


def use_color(out: TextIO) -> bool:
    """Colour only on a terminal, never with NO_COLOR set; FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(out, "isatty") and out.isatty()


def summary_line(summary: Summary) -> str:
    """The sentence that ends text output."""
    sources = f"{summary.sources} source{'s' if summary.sources != 1 else ''}"
    events = f"{summary.checked} event{'s' if summary.checked != 1 else ''}"
    if summary.ok:
        return f"OK: {events} checked in {sources}, all valid (profile {summary.profile})"
    violations = f"{summary.violations} violation{'s' if summary.violations != 1 else ''}"
    return (
        f"FAIL: {summary.invalid} of {events} invalid, {violations} in {sources} "
        f"(profile {summary.profile})"
    )


class TextReporter(_Counts):
    def __init__(self, out: TextIO, color: bool = False, max_violations: int | None = None) -> None:
        self.out = out
        self.color = color
        self.grouping = Grouping()
        self.capped = _Capped(max_violations)

    def _paint(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def document(self, result: DocumentResult) -> None:
        if not result.violations:
            return
        self.grouping.add(result)
        violations = self.capped.take(result.violations)
        if not self.color:
            write = self.out.write
            for violation in violations:
                write(text_line(violation) + "\n")
            return
        for violation in violations:
            where = self._paint("1", one_line(violation.location))
            if violation.instance_path:
                where += ":" + self._paint("36", one_line(violation.instance_path))
            self.out.write(f"{where}: {one_line(violation.message)}\n")

    def pieces(self) -> Pieces | None:
        """How a piece checked in another process is rendered there and written here (None
        with colour or a cap on what is printed: those need every result here)."""
        if self.color or self.capped.limit is not None:
            return None
        return render_text, self._take

    def _take(self, piece: Piece) -> None:
        text, grouping, _documents, count = piece
        self.out.write(text)
        self.grouping.merge(grouping)
        self.capped.shown += count

    def finish(self, summary: Summary) -> None:
        capped = self.capped
        if capped.hidden:
            why = f"--max-violations {capped.limit}"
            self.out.write(
                f"... {_not_shown(capped.hidden, capped.shown, why, 'the summary below')}\n"
            )
        for line in text_groups(self.grouping, self._paint):
            self.out.write(line + "\n")
        line = summary_line(summary)
        self.out.write(self._paint("32" if summary.ok else "31", line) + "\n")


class _Spooled:
    """Holds rendered fragments until the counts are known (memory first, then disk)."""

    def __init__(self) -> None:
        self.spool: IO[bytes] = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed in replay)
            max_size=_SPOOL, mode="w+b"
        )

    def replay(self, out: TextIO) -> None:
        # decoded incrementally: a fixed-size chunk may end inside a multi-byte character
        decoder = codecs.getincrementaldecoder("utf-8")()
        self.spool.seek(0)
        while chunk := self.spool.read(1 << 20):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
        self.spool.close()


class JsonReporter(_Spooled, _Counts):
    """Every violation, then every rule's group (``max_violations`` does not apply)."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out
        self.count = 0
        self.grouping = Grouping()
        self.buffer = bytearray()

    def document(self, result: DocumentResult) -> None:
        if not result.violations:
            return
        self.grouping.add(result)
        buffer = self.buffer
        for violation in result.violations:
            buffer += b",\n    " if self.count else b"\n    "
            buffer += orjson.dumps(violation.as_dict())
            self.count += 1
        if len(buffer) > _FLUSH:  # the spool is written in large pieces
            self.spool.write(buffer)
            buffer.clear()

    def pieces(self) -> Pieces:
        """How a piece checked in another process is rendered there and written here."""
        return render_json, self._take

    def _take(self, piece: Piece) -> None:
        rendered, grouping, _documents, count = piece
        if not count:
            return
        self.buffer += rendered if self.count else rendered[1:]  # the first has no comma
        self.count += count
        self.grouping.merge(grouping)
        if len(self.buffer) > _FLUSH:
            self.spool.write(self.buffer)
            self.buffer.clear()

    def finish(self, summary: Summary) -> None:
        head = {
            "status": "ok" if summary.ok else "fail",
            "checked": summary.checked,
            "valid": summary.valid,
            "invalid": summary.invalid,
        }
        self.out.write(json.dumps(head)[:-1] + ', "violations": [')
        self.spool.write(self.buffer)
        self.replay(self.out)
        self.out.write('\n  ], "groups": [' if self.count else '], "groups": [')
        ranked = self.grouping.ranked()
        for index, group in enumerate(ranked):
            self.out.write(",\n    " if index else "\n    ")
            self.out.write(orjson.dumps(group.as_dict()).decode())
        self.out.write("\n  ]}\n" if ranked else "]}\n")


class JUnitReporter(_Spooled):
    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out
        self.cases = 0
        self.failures = 0
        self.passing_lines: dict[str, int] = {}

    def passed(self, source: str, count: int) -> None:
        if count:
            self.passing_lines[source] = self.passing_lines.get(source, 0) + count

    def document(self, result: DocumentResult) -> None:
        if result.line is not None and result.valid:
            self.passed(result.source, 1)
            return
        name = result.source if result.line is None else f"{result.source}:{result.line}"
        event = result.event or "unknown event"
        self.cases += 1
        if result.valid:
            self.spool.write(junit.case(name, classname=event).encode())
            return
        self.failures += 1
        count = len(result.violations)
        message = f"{count} violation{'s' if count != 1 else ''}"
        body = "\n".join(text_line(v) for v in result.violations)
        case = junit.case(
            name, classname=event, failure=message, detail=body, failure_type="contract"
        )
        self.spool.write(case.encode())

    def finish(self, summary: Summary) -> None:
        for source, count in self.passing_lines.items():
            self.cases += 1
            name = f"{source}: {count} valid line{'s' if count != 1 else ''}"
            self.spool.write(junit.case(name, classname="ndjson").encode())
        self.out.write(junit.DECLARATION + "<testsuites>\n")
        self.out.write(
            junit.suite("alfred-contracts validate", self.cases, self.failures, errors=0, skipped=0)
        )
        self.replay(self.out)
        self.out.write("  </testsuite>\n</testsuites>\n")


class GithubReporter(_Counts):
    def __init__(self, out: TextIO, max_violations: int | None = None) -> None:
        self.out = out
        self.capped = _Capped(max_violations)

    def document(self, result: DocumentResult) -> None:
        if not result.violations:
            return
        for violation in self.capped.take(result.violations):
            props = [f"file={github_property(violation.source)}"]
            if violation.line is not None:
                props.append(f"line={violation.line}")
            title = f"{violation.keyword} at {violation.instance_path or '/'}"
            props.append(f"title={github_property(title)}")
            self.out.write(f"::error {','.join(props)}::{github_data(violation.message)}\n")

    def finish(self, summary: Summary) -> None:
        capped = self.capped
        if capped.hidden:
            why = f"--max-violations {capped.limit}"
            more = _not_shown(capped.hidden, capped.shown, why, "the summary below")
            self.out.write(f"::notice title=alfred-contracts validate::{github_data(more)}\n")
        level = "notice" if summary.ok else "error"
        line = github_data(summary_line(summary))
        self.out.write(f"::{level} title=alfred-contracts validate::{line}\n")


class MarkdownReporter(_Spooled, _Counts):
    """At most MARKDOWN_ROWS rows (fewer with ``max_violations``), then the groups."""

    def __init__(self, out: TextIO, max_violations: int | None = None) -> None:
        super().__init__()
        self.out = out
        self.max_violations = max_violations
        rows = MARKDOWN_ROWS if max_violations is None else min(max_violations, MARKDOWN_ROWS)
        self.capped = _Capped(rows)
        self.grouping = Grouping()

    def document(self, result: DocumentResult) -> None:
        if not result.violations:
            return
        self.grouping.add(result)
        for violation in self.capped.take(result.violations):
            line = "" if violation.line is None else str(violation.line)
            row = (
                f"| {markdown_code(violation.source)} | {line} | "
                f"{markdown_code(violation.instance_path)} | "
                f"{markdown_cell(violation.keyword)} | {markdown_cell(violation.message)} |\n"
            )
            self.spool.write(row.encode())

    def finish(self, summary: Summary) -> None:
        status = "passed" if summary.ok else "failed"
        self.out.write(f"### Alfred event contract: {status}\n\n")
        self.out.write("| checked | valid | invalid | violations | profile |\n")
        self.out.write("|---:|---:|---:|---:|---|\n")
        self.out.write(
            f"| {summary.checked} | {summary.valid} | {summary.invalid} | "
            f"{summary.violations} | {summary.profile} |\n"
        )
        capped = self.capped
        if capped.shown:
            self.out.write("\n| source | line | path | rule | message |\n|---|---:|---|---|---|\n")
            self.replay(self.out)
        else:
            self.spool.close()
        if capped.hidden:
            if self.max_violations is not None and self.max_violations <= MARKDOWN_ROWS:
                why = f"`--max-violations {self.max_violations}`"
            else:
                why = f"markdown shows at most {MARKDOWN_ROWS} rows"
            more = _not_shown(capped.hidden, capped.shown, why, "the summary by rule below")
            self.out.write(f"\n… {more}.\n")
        for line in markdown_groups(self.grouping):
            self.out.write(line + "\n")
        self.out.write(f"\n{summary_line(summary)}\n")
