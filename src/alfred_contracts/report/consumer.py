"""Reports of a ``verify-consumer`` run: text, json and junit; and the progress display."""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import TextIO

from alfred_contracts.consumer.runner import Outcome, Report
from alfred_contracts.escaping import one_line, terminal
from alfred_contracts.report import junit as junit_xml


def _groups(report: Report) -> dict[str, Counter[str]]:
    groups: dict[str, Counter[str]] = {}
    for outcome in report.outcomes:
        counts = groups.setdefault(outcome.probe.group, Counter())
        counts["passed" if outcome.passed else "failed"] += 1
    return groups


def _title(outcome: Outcome) -> str:
    if outcome.after:
        return f"after {outcome.after!r}: {outcome.probe.name}"
    return outcome.probe.name


def summary_line(report: Report) -> str:
    total, failed = len(report.outcomes), len(report.failures)
    took = f"{report.seconds:.1f} s"
    if report.aborted:
        return f"FAIL: {report.aborted}; {failed} of {total} probes failed ({took})"
    if failed:
        return f"FAIL: {failed} of {total} probes failed ({took})"
    return f"OK: all {total} probes passed ({took})"


def text(report: Report, out: TextIO) -> None:
    """The text report. What the receiver or a fuzzed probe controls (names, messages,
    response bodies) goes through :func:`.escaping.one_line` or, for a response body
    shown on several lines, :func:`.escaping.terminal`: no escape sequence reaches the
    terminal and no line is forged. The curl line is quoted to be printable already."""
    out.write(one_line(f"verify-consumer {report.url}"))
    if report.settings:
        settings = ", ".join(f"{k} {v}" for k, v in report.settings.items())
        out.write(one_line(f"  ({settings})"))
    out.write("\n\n")
    for group, counts in _groups(report).items():
        line = f"  {group:<22} {counts['passed']:>4} passed"
        if counts["failed"]:
            line += f", {counts['failed']} failed"
        out.write(one_line(line) + "\n")
    for outcome in report.failures:
        request = outcome.probe.request
        out.write(f"\nFAILED  {one_line(f'{outcome.probe.group}: {_title(outcome)}')}\n")
        out.write(f"  why:      {one_line(outcome.message)}\n")
        out.write(f"  request:  {one_line(request.curl(report.url))}\n")
        if outcome.status is not None:
            body = terminal(outcome.response_body).replace("\n", "\n            ")
            out.write(f"  response: {outcome.status} {body}\n")
    out.write("\n" + one_line(summary_line(report)) + "\n")


def as_dict(report: Report) -> dict[str, object]:
    return {
        "status": "ok" if report.ok else "fail",
        "url": report.url,
        "probes": len(report.outcomes),
        "passed": len(report.outcomes) - len(report.failures),
        "failed": len(report.failures),
        "aborted": report.aborted,
        "seconds": round(report.seconds, 3),
        "settings": report.settings,
        "groups": {g: dict(c) for g, c in _groups(report).items()},
        "failures": [
            {
                "group": o.probe.group,
                "name": o.probe.name,
                "after": o.after,
                "expected": o.probe.expect.value,
                "message": o.message,
                "request": {
                    "method": "POST",
                    "url": report.url,
                    "content_type": o.probe.request.content_type,
                    "body": o.probe.request.body.decode("utf-8", "replace")
                    if len(o.probe.request.body) <= 65536
                    else None,
                    "body_bytes": len(o.probe.request.body),
                    "curl": o.probe.request.curl(report.url),
                },
                "response": None
                if o.status is None
                else {"status": o.status, "headers": o.response_headers, "body": o.response_body},
            }
            for o in report.failures
        ],
    }


def json_report(report: Report, out: TextIO) -> None:
    out.write(json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n")


def junit(report: Report, out: TextIO) -> None:
    """JUnit XML, one suite per group; it parses whatever the probes and answers held."""
    out.write(junit_xml.DECLARATION)
    out.write('<testsuites name="alfred-contracts verify-consumer">\n')
    by_group: dict[str, list[Outcome]] = {}
    for outcome in report.outcomes:
        by_group.setdefault(outcome.probe.group, []).append(outcome)
    for group, outcomes in by_group.items():
        failed = sum(not o.passed for o in outcomes)
        out.write(junit_xml.suite(group, len(outcomes), failed))
        for outcome in outcomes:
            name, seconds = _title(outcome), outcome.elapsed_ms / 1000
            if outcome.passed:
                out.write(junit_xml.case(name, seconds=seconds))
                continue
            detail = f"{outcome.message}\n{outcome.probe.request.curl(report.url)}"
            if outcome.status is not None:
                detail += f"\n{outcome.status} {outcome.response_body}"
            out.write(junit_xml.case(name, seconds=seconds, failure=outcome.message, detail=detail))
        out.write("  </testsuite>\n")
    if report.aborted:
        out.write(junit_xml.suite("run", 1, 1))
        out.write(junit_xml.case("receiver kept answering", failure=report.aborted))
        out.write("  </testsuite>\n")
    out.write("</testsuites>\n")


def write(report: Report, fmt: str, out: TextIO) -> None:
    {"text": text, "json": json_report, "junit": junit}[fmt](report, out)


class Progress:
    """A live line on a terminal; one line per finished group otherwise (on stderr)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.group: str | None = None
        self.counts: Counter[str] = Counter()

    def __call__(self, outcome: Outcome, done: int) -> None:
        if outcome.after is not None:  # a liveness check, counted with the probe it follows
            self.counts["alive" if outcome.passed else "dead"] += 1
            return
        group = outcome.probe.group
        if group != self.group:
            self._finish_group()
            self.group = group
        self.counts["passed" if outcome.passed else "failed"] += 1
        if self.live:
            mark = "." if outcome.passed else "F"
            shown = one_line(f"{group}: {mark} {outcome.probe.name[:60]}")
            self.stream.write(f"\r\033[K  [{done:>4}] {shown}")
            self.stream.flush()

    def _finish_group(self) -> None:
        if self.group is None:
            return
        failed = f", {self.counts['failed']} failed" if self.counts["failed"] else ""
        if self.counts["alive"] or self.counts["dead"]:
            failed += f" (then still answering: {self.counts['alive']} of "
            failed += f"{self.counts['alive'] + self.counts['dead']})"
        prefix = "\r\033[K" if self.live else ""
        line = one_line(f"  {self.group:<22} {self.counts['passed']:>4} passed{failed}")
        self.stream.write(f"{prefix}{line}\n")
        self.stream.flush()
        self.counts = Counter()

    def close(self) -> None:
        self._finish_group()
        self.group = None
