"""How ``diff`` and ``gate`` results are written: text, json, markdown, GitHub annotations."""

from __future__ import annotations

import json
from typing import TextIO

from alfred_contracts._text import preview
from alfred_contracts.compat.changes import Effect, Verdict
from alfred_contracts.compat.gate import CheckResult
from alfred_contracts.compat.releases import by_importance
from alfred_contracts.compat.replay import Replay
from alfred_contracts.escaping import (
    github_data,
    github_property,
    markdown_cell,
    markdown_code,
    one_line,
)


def _effect(value: Effect) -> str:
    return {True: "compatible", False: "BREAKING", None: "unknown"}[value]


def diff_text(
    verdict: Verdict, old: str, new: str, broken: list[tuple[str, list[str]]], out: TextIO
) -> None:
    """Text: one line per change; schema content (paths, messages, witnesses) is passed
    through :func:`.escaping.one_line`, so it cannot start a line or reach a terminal raw."""
    out.write(one_line(f"diff {old} -> {new}") + "\n")
    if not verdict.changes:
        out.write("  no changes\n")
    for change in by_importance(verdict.changes):  # breaking first, annotations last
        out.write(one_line(f"  [{change.rule}] {change.path or '/'}: {change.message}") + "\n")
        out.write(
            f"      backward: {_effect(change.backward)}   forward: {_effect(change.forward)}\n"
        )
        for witness in (change.witness, change.witness_other):
            if witness is not None:
                other = "new" if witness.valid_under == "old" else "old"
                shown = json.dumps(witness.instance, ensure_ascii=False)
                under = f"valid under {witness.valid_under}, invalid under {other}"
                out.write(one_line(f"      witness ({under}): {shown}") + "\n")
    for consumer, reads in broken:
        line = f"  breaks registered consumer {consumer} (reads {', '.join(reads)})"
        out.write(one_line(line) + "\n")
    out.write(
        f"backward: {_effect(verdict.backward)}; forward: {_effect(verdict.forward)} "
        f"({len(verdict.changes)} change{'s' if len(verdict.changes) != 1 else ''})\n"
    )


def diff_json(verdict: Verdict, broken: list[tuple[str, list[str]]], out: TextIO) -> None:
    document = verdict.as_dict()
    document["broken_consumers"] = [{"consumer": c, "fields": f} for c, f in broken]
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def requirement_problem(verdict: Verdict, requirement: str) -> str | None:
    """Why ``--require REQUIREMENT`` is not met (one line), or None when it is."""
    wanted = {"none": [], "backward": ["backward"], "forward": ["forward"]}.get(
        requirement, ["backward", "forward"]
    )
    for direction in wanted:
        effect = getattr(verdict, direction)
        if effect is False:
            return f"--require {requirement}: not met, {direction} is breaking (see the witness)"
        if effect is None:
            return (
                f"--require {requirement}: not met, {direction} is unknown "
                "(no rule proves it and no witness breaks it)"
            )
    return None


def _status(result: CheckResult) -> str:
    return {"pass": "pass", "fail": "FAIL", "error": "ERROR"}[result.status]


def gate_text(results: list[CheckResult], out: TextIO) -> None:
    width = max(len(r.name) for r in results) if results else 10
    out.write(f"{'check':<{width}}  result  time\n")
    for result in results:
        line = f"{result.name:<{width}}  {_status(result):<6}  {result.seconds:.2f} s"
        out.write(one_line(line) + "\n")
    for result in results:
        shown = [
            f
            for f in result.findings
            if f.severity == "error" or result.status != "pass" or result.name == "compatibility"
        ]
        if not shown:
            continue
        out.write(f"\n{one_line(result.name)}:\n")
        for finding in shown:
            where = f"{finding.file}: " if finding.file else ""
            out.write(one_line(f"  {where}{finding.message}") + "\n")
    out.write("\n" + one_line(gate_summary(results)) + "\n")


def gate_summary(results: list[CheckResult]) -> str:
    failed = [r.name for r in results if r.status != "pass"]
    total = sum(r.seconds for r in results)
    if failed:
        names = ", ".join(failed)
        return f"FAIL: {len(failed)} of {len(results)} checks failed ({names}) in {total:.1f} s"
    return f"OK: all {len(results)} checks passed in {total:.1f} s"


def gate_markdown(results: list[CheckResult], out: TextIO) -> None:
    ok = all(r.status == "pass" for r in results)
    out.write(f"### Alfred contract gate: {'passed' if ok else 'failed'}\n\n")
    out.write("| check | result | time |\n|---|---|---:|\n")
    for result in results:
        icon = {"pass": "✅ pass", "fail": "❌ fail", "error": "⚠️ error"}[result.status]
        out.write(f"| {markdown_cell(result.name)} | {icon} | {result.seconds:.2f} s |\n")
    for result in results:
        if result.status == "pass" and result.name != "compatibility":
            continue
        if not result.findings:
            continue
        out.write(f"\n**{markdown_cell(result.name)}**\n\n")
        for finding in result.findings:
            where = f"{markdown_code(finding.file, table=False)}: " if finding.file else ""
            out.write(f"- {where}{markdown_cell(finding.message)}\n")
    out.write(f"\n{markdown_cell(gate_summary(results))}\n")


def gate_github(results: list[CheckResult], out: TextIO) -> None:
    """Annotations and the text table; the markdown table also goes to the job summary."""
    import os

    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            gate_markdown(results, handle)
    for result in results:
        for finding in result.findings:
            if finding.severity != "error":
                continue
            props = [f"file={github_property(finding.file)}"] if finding.file else []
            props.append(f"title={github_property(f'gate: {result.name}')}")
            out.write(f"::error {','.join(props)}::{github_data(finding.message)}\n")
    gate_text(results, out)


# -- replay ------------------------------------------------------------------------------


def _deliveries(count: int) -> str:
    return f"{count} deliver{'y' if count == 1 else 'ies'}"


def replay_summary(seen: Replay, event: str) -> str:
    replayed = seen.replayed.get(event, 0)
    counts = (
        f"{_deliveries(replayed)} of {event} replayed, {seen.accepted.get(event, 0)} accepted "
        f"by the release ({seen.read} read, {seen.unusable} unusable)"
    )
    if seen.total:
        plural = "es" if seen.total != 1 else ""
        return f"FAIL: {seen.total} real-world witness{plural}: {counts}"
    return f"OK: no real-world witness: {counts}"


def replay_text(seen: Replay, event: str, release: str, candidate: str, out: TextIO) -> None:
    """Text: one line per witness, then the candidate's violations, indented. Event
    content (ids, messages quoting values) goes through :func:`.escaping.one_line`."""
    out.write(one_line(f"replay {event}: release {release} -> {candidate}") + "\n")
    for found in seen.witnesses:
        line = (
            f"{found.delivery.where()}: event_id {preview(found.event_id)}: accepted by "
            f"release {release}, refused by the candidate"
        )
        out.write(one_line(line) + "\n")
        for violation in found.violations:
            where = violation.instance_path or "/"
            out.write(one_line(f"    {where}: {violation.message} [{violation.keyword}]") + "\n")
    if seen.more:
        out.write(f"... and {seen.more} more witnesses (not shown)\n")
    if seen.unconfirmed:
        out.write(
            f"note: {seen.unconfirmed} deliveries refused by the candidate under jsonschema-rs "
            "but not under the reference engine are not counted\n"
        )
    out.write(one_line(replay_summary(seen, event)) + "\n")


def replay_json(seen: Replay, event: str, release: str, candidate: str, out: TextIO) -> None:
    document = {
        "status": "fail" if seen.total else "ok",
        "event": event,
        "release": release,
        "candidate": candidate,
        "read": seen.read,
        "unusable": seen.unusable,
        "replayed": seen.replayed.get(event, 0),
        "accepted_by_release": seen.accepted.get(event, 0),
        "witness_count": seen.total,
        "unconfirmed": seen.unconfirmed,
        "witnesses": [
            {
                "source": found.delivery.source,
                "line": found.delivery.line,
                "delivery_id": found.delivery.delivery,
                "event_id": found.event_id,
                "violations": [
                    {
                        k: v
                        for k, v in violation.as_dict().items()
                        if k not in ("source", "line", "event")
                    }
                    for violation in found.violations
                ],
            }
            for found in seen.witnesses
        ],
    }
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
