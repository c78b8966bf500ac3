"""Reports of a ``verify-consumer`` run: text, json and junit; and the progress line.

Every finding is marked with its class (see :mod:`alfred_contracts.consumer.runner`):
``crash`` and ``contract`` fail the run, ``advice`` does not unless the run is strict.
Whatever a receiver or a fuzzed probe controls (names, messages, answers, headers) is
escaped for the syntax it lands in, so no report can be broken or forged by it: text
through :func:`.escaping.one_line` and :func:`.escaping.terminal`, JSON through
:func:`.escaping.json_text`, JUnit through :mod:`.junit`. Curl lines are printable
already (:meth:`.probes.Request.curl`).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import TextIO

from alfred_contracts.consumer.runner import Finding, Outcome, Report
from alfred_contracts.escaping import json_text, one_line, terminal
from alfred_contracts.report import junit as junit_xml
from alfred_contracts.report.live import LiveLine

#: request bodies up to this size are shown in full in the JSON report
JSON_BODY = 65536


def _groups(report: Report) -> dict[str, Counter[str]]:
    groups: dict[str, Counter[str]] = {}
    for outcome in report.outcomes:
        counts = groups.setdefault(outcome.probe.group, Counter())
        kind = outcome.kind
        counts["passed" if kind is None else "advice" if kind is Finding.ADVICE else "failed"] += 1
    return groups


def _title(outcome: Outcome) -> str:
    if outcome.after:
        return f"after {outcome.after!r}: {outcome.probe.name}"
    return outcome.probe.name


def _label(report: Report, kind: Finding) -> str:
    """``FAILED  [class]`` for a finding that fails the run, ``ADVICE`` otherwise."""
    if kind.fails or report.strict:
        return f"FAILED  [{kind.value}]"
    return "ADVICE "


def _counts(report: Report) -> tuple[int, int, int]:
    """(contract failures, of which crashes, advice), the aborted run included."""
    kinds = Counter(o.kind for o in report.findings)
    crashes = kinds[Finding.CRASH] + (report.aborted_as is Finding.CRASH and bool(report.aborted))
    contract = kinds[Finding.CONTRACT] + kinds[Finding.CRASH] + bool(report.aborted)
    return contract, crashes, kinds[Finding.ADVICE]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def summary_line(report: Report) -> str:
    total = len(report.outcomes)
    contract, crashes, advice = _counts(report)
    took = f"({report.seconds:.1f} s)"
    advised = f"; {advice} advice" if advice else ""
    if report.strict and advice:
        advised += " (--strict: advice fails)"
    if report.ok:
        if not advice:
            return f"OK: all {total} probes passed {took}"
        return f"OK: no contract failure in {total} probes{advised} {took}"
    failed = _plural(contract, "contract failure")
    if crashes:
        failed += f" ({'1 crash' if crashes == 1 else f'{crashes} crashes'})"
    if report.aborted:
        return f"FAIL: {report.aborted}; {failed} in {total} probes{advised} {took}"
    return f"FAIL: {failed} in {total} probes{advised} {took}"


def _finding(report: Report, outcome: Outcome, kind: Finding, out: TextIO) -> None:
    heading = one_line(f"{outcome.probe.group}: {_title(outcome)}")
    out.write(f"\n{_label(report, kind)} {heading}\n")
    out.write(f"  why:      {one_line(outcome.message)}\n")
    out.write(f"  request:  {one_line(outcome.probe.request.curl(report.url))}\n")
    if outcome.status is not None:
        body = terminal(outcome.response_body).replace("\n", "\n            ")
        out.write(f"  response: {outcome.status} {body}\n")


def text(report: Report, out: TextIO) -> None:
    """The text report: one table of the groups, then every finding (those that fail the
    run first), each with its class, its reason, a curl line that replays it and the
    answer; then the summary line."""
    out.write(one_line(f"verify-consumer {report.url}"))
    if report.settings:
        settings = ", ".join(f"{k} {v}" for k, v in report.settings.items())
        strict = ", strict" if report.strict else ""
        out.write(one_line(f"  ({settings}{strict})"))
    out.write("\n\n")
    for group, counts in _groups(report).items():
        line = f"  {group:<22} {counts['passed']:>4} passed"
        if counts["failed"]:
            line += f", {counts['failed']} failed"
        if counts["advice"]:
            line += f", {counts['advice']} advice"
        out.write(one_line(line) + "\n")
    failing = {id(o) for o in report.failures}
    findings = sorted(report.findings, key=lambda o: id(o) not in failing)  # stable
    for outcome in findings:
        assert outcome.kind is not None
        _finding(report, outcome, outcome.kind, out)
    if report.aborted:
        out.write(f"\nFAILED  [{report.aborted_as.value}] run: {one_line(report.aborted)}\n")
    out.write("\n" + one_line(summary_line(report)) + "\n")


def _finding_dict(report: Report, o: Outcome) -> dict[str, object]:
    kind = o.kind
    assert kind is not None
    body = o.probe.request.body
    return {
        "class": "advice" if kind is Finding.ADVICE else "contract",
        "crash": kind is Finding.CRASH,
        "fails": report.strict or kind.fails,
        "group": o.probe.group,
        "name": o.probe.name,
        "after": o.after,
        "expected": o.probe.expect.value,
        "message": o.message,
        "request": {
            "method": "POST",
            "url": report.url,
            "content_type": o.probe.request.content_type,
            "body": body.decode("utf-8", "replace") if len(body) <= JSON_BODY else None,
            "body_bytes": len(body),
            "curl": o.probe.request.curl(report.url),
        },
        "response": None
        if o.status is None
        else {"status": o.status, "headers": o.response_headers, "body": o.response_body},
    }


def as_dict(report: Report) -> dict[str, object]:
    contract, crashes, advice = _counts(report)
    findings = [_finding_dict(report, o) for o in report.findings]
    if report.aborted:
        findings.append(
            {
                "class": "contract",
                "crash": report.aborted_as is Finding.CRASH,
                "fails": True,
                "group": "run",
                "name": "the run ended",
                "message": report.aborted,
            }
        )
    return {
        "status": "ok" if report.ok else "fail",
        "url": report.url,
        "strict": report.strict,
        "probes": len(report.outcomes),
        "passed": len(report.outcomes) - len(report.findings),
        "failed": contract + (advice if report.strict else 0),
        "contract_failures": contract,
        "crashes": crashes,
        "advice": advice,
        "aborted": report.aborted,
        "seconds": round(report.seconds, 3),
        "settings": report.settings,
        "groups": {g: dict(c) for g, c in _groups(report).items()},
        "findings": findings,
    }


def json_report(report: Report, out: TextIO) -> None:
    out.write(json_text(json.dumps(as_dict(report), indent=2, ensure_ascii=False)) + "\n")


def junit(report: Report, out: TextIO) -> None:
    """JUnit XML, one suite per group; it parses whatever the probes and answers held.

    A finding that fails the run is a ``<failure>`` whose ``type`` is its class
    (``crash``, ``contract``, or ``advice`` when strict); other advice is the
    ``<system-out>`` of a passed case, starting ``advice:``."""
    out.write(junit_xml.DECLARATION)
    out.write('<testsuites name="alfred-contracts verify-consumer">\n')
    by_group: dict[str, list[Outcome]] = {}
    for outcome in report.outcomes:
        by_group.setdefault(outcome.probe.group, []).append(outcome)
    failures = {id(o) for o in report.failures}
    for group, outcomes in by_group.items():
        failed = sum(id(o) in failures for o in outcomes)
        out.write(junit_xml.suite(group, len(outcomes), failed))
        for outcome in outcomes:
            name, seconds, kind = _title(outcome), outcome.elapsed_ms / 1000, outcome.kind
            if kind is None:
                out.write(junit_xml.case(name, seconds=seconds))
                continue
            detail = f"{outcome.message}\n{outcome.probe.request.curl(report.url)}"
            if outcome.status is not None:
                detail += f"\n{outcome.status} {outcome.response_body}"
            if id(outcome) in failures:
                case = junit_xml.case(
                    name,
                    seconds=seconds,
                    failure=outcome.message,
                    detail=detail,
                    failure_type=kind.value,
                )
            else:
                case = junit_xml.case(name, seconds=seconds, output=f"advice: {detail}")
            out.write(case)
        out.write("  </testsuite>\n")
    if report.aborted:
        out.write(junit_xml.suite("run", 1, 1))
        out.write(
            junit_xml.case(
                "the run ended", failure=report.aborted, failure_type=report.aborted_as.value
            )
        )
        out.write("  </testsuite>\n")
    out.write("</testsuites>\n")


def write(report: Report, fmt: str, out: TextIO) -> None:
    {"text": text, "json": json_report, "junit": junit}[fmt](report, out)


class Progress:
    """One live line on a terminal while the probes run (on stderr), erased at the end.

    Nothing is written when the stream is not a terminal: the results table belongs to
    the report, printed once when the run is over, so a log never holds two tables."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.line = LiveLine(self.stream)  # the technique validate's progress shares
        self.live = self.line.live
        self.counts: Counter[str] = Counter()

    def __call__(self, outcome: Outcome, done: int) -> None:
        kind = outcome.kind
        self.counts["advice" if kind is Finding.ADVICE else "failed" if kind else "passed"] += 1
        if not self.live:
            return
        tally = f"{self.counts['failed']} failed, {self.counts['advice']} advice"
        self.line.show(f"  [{done:>4}] {tally}  {outcome.probe.group}: {outcome.probe.name}")

    @property
    def shown(self) -> bool:
        return self.line.shown

    def close(self) -> None:
        self.line.clear()
