"""Report stage: the one place that renders results. Each output format is an API.

* ``text``: ``source[:line]:pointer: message`` per violation, then one summary line.
* ``json``: one object, ``{"status", "checked", "valid", "invalid", "violations": [...]}``.
* ``junit``: JUnit XML; one test case per .json document, per invalid NDJSON line, and
  one per NDJSON source for its valid lines.
* ``github``: workflow commands (``::error file=...,line=...::message``).
* ``markdown``: a summary and a table, for a CI job summary.

Reporters receive results one document at a time and spool what they must hold until
the counts are known, so memory stays flat whatever the number of violations.
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
from alfred_contracts.violations import DocumentResult, Reporter, Summary, Violation

Format = Literal["text", "json", "junit", "github", "markdown"]
FORMATS: tuple[Format, ...] = ("text", "json", "junit", "github", "markdown")
MARKDOWN_ROWS = 1000
_SPOOL = 8 * 1024 * 1024


class _Counts:
    """Most formats show only violations: valid NDJSON lines need no record."""

    def passed(self, source: str, count: int) -> None:
        return None


def create(
    fmt: Format, out: TextIO, *, color: bool | None = None, max_violations: int | None = None
) -> Reporter:
    """A reporter for ``fmt`` writing to ``out``."""
    if fmt == "text":
        return TextReporter(out, use_color(out) if color is None else color)
    if fmt == "json":
        return JsonReporter(out)
    if fmt == "junit":
        return JUnitReporter(out)
    if fmt == "github":
        return GithubReporter(out)
    if fmt == "markdown":
        return MarkdownReporter(out)
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


def text_line(violation: Violation) -> str:
    """``source[:line][:pointer]: message``, always one line with no control characters.

    Source, pointer and message can quote event content (an object key, a string value):
    :func:`.escaping.one_line` makes line breaks and escape sequences in them visible.
    """
    where = violation.location
    if violation.instance_path:
        where += ":" + violation.instance_path
    return one_line(f"{where}: {violation.message}")


class TextReporter(_Counts):
    def __init__(self, out: TextIO, color: bool = False) -> None:
        self.out = out
        self.color = color

    def _paint(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def document(self, result: DocumentResult) -> None:
        for violation in result.violations:
            if self.color:
                where = self._paint("1", one_line(violation.location))
                if violation.instance_path:
                    where += ":" + self._paint("36", one_line(violation.instance_path))
                self.out.write(f"{where}: {one_line(violation.message)}\n")
            else:
                self.out.write(text_line(violation) + "\n")

    def finish(self, summary: Summary) -> None:
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
    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out
        self.count = 0

    def document(self, result: DocumentResult) -> None:
        for violation in result.violations:
            self.spool.write(b",\n    " if self.count else b"\n    ")
            self.spool.write(orjson.dumps(violation.as_dict()))
            self.count += 1

    def finish(self, summary: Summary) -> None:
        head = {
            "status": "ok" if summary.ok else "fail",
            "checked": summary.checked,
            "valid": summary.valid,
            "invalid": summary.invalid,
        }
        self.out.write(json.dumps(head)[:-1] + ', "violations": [')
        self.replay(self.out)
        self.out.write("\n  ]}\n" if self.count else "]}\n")


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
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def document(self, result: DocumentResult) -> None:
        for violation in result.violations:
            props = [f"file={github_property(violation.source)}"]
            if violation.line is not None:
                props.append(f"line={violation.line}")
            title = f"{violation.keyword} at {violation.instance_path or '/'}"
            props.append(f"title={github_property(title)}")
            self.out.write(f"::error {','.join(props)}::{github_data(violation.message)}\n")

    def finish(self, summary: Summary) -> None:
        level = "notice" if summary.ok else "error"
        line = github_data(summary_line(summary))
        self.out.write(f"::{level} title=alfred-contracts validate::{line}\n")


class MarkdownReporter(_Spooled, _Counts):
    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out
        self.rows = 0
        self.more = 0

    def document(self, result: DocumentResult) -> None:
        for violation in result.violations:
            if self.rows >= MARKDOWN_ROWS:
                self.more += 1
                continue
            self.rows += 1
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
        if self.rows:
            self.out.write("\n| source | line | path | rule | message |\n|---|---:|---|---|---|\n")
            self.replay(self.out)
        if self.more:
            self.out.write(f"\n… and {self.more} more violations (see the text or JSON report).\n")
        self.out.write(f"\n{summary_line(summary)}\n")
