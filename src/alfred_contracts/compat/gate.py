"""``alfred-contracts gate``: every check this repository's contract must pass, in one run.

Checks (in order): the schemas (metaschema, ``$ref``s, conventions, descriptions, their
own examples), the example corpus, the counterexamples, the vendor ledger, engine
agreement over the corpus, the generated artefacts, compatibility with the latest
releases (with the version rule and registered consumers), and the docs build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from alfred_contracts._text import preview
from alfred_contracts.codegen import generate
from alfred_contracts.compat import CHECK_NAMES, corpus, releases, replay
from alfred_contracts.compat.consumers import CONSUMERS, Impact, impacts, pin_problems
from alfred_contracts.compat.consumers import load as load_consumers
from alfred_contracts.errors import AlfredContractsError, UsageError
from alfred_contracts.extras import require
from alfred_contracts.schema import ledger
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.fields import fields
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document

SITE = "https://alfred-event-contracts.github.io/"


@dataclass(frozen=True)
class Finding:
    message: str
    file: str | None = None
    severity: str = "error"  #: "error" fails the check; "notice" only informs


@dataclass
class CheckResult:
    name: str
    status: str = "pass"  #: pass, fail or error
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)


Check = Callable[[Path, Catalog], list[Finding]]


def _rel(root: Path, path: Path) -> str:
    """``path`` relative to the repository ``root`` (however either was written)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def check_schemas(root: Path, catalog: Catalog) -> list[Finding]:
    found = []
    for uri, path in catalog.paths.items():
        expected = SITE + "schemas/" + path.relative_to(catalog.root).as_posix()
        if uri != expected:
            found.append(Finding(f"$id is {uri}, expected {expected}", _rel(root, path)))
        schema = catalog.resources()[uri]
        if not schema.get("title") or not schema.get("description"):
            found.append(Finding("the schema needs a title and a description", _rel(root, path)))
    strict = Checker(catalog)
    for name, event in catalog.events.items():
        where = _rel(root, event.path)
        if not re.fullmatch(r"\d+\.\d+\.\d+", event.version):
            found.append(Finding(f"x-version {event.version!r} is not MAJOR.MINOR.PATCH", where))
        for item in fields(catalog, name):
            if not item.description:
                found.append(Finding(f"property {item.path} has no description", where))
        examples = event.schema.get("examples") or []
        if not examples:
            found.append(Finding("the schema carries no examples", where))
        for index, example in enumerate(examples):
            for violation in strict.check(example).violations:
                found.append(
                    Finding(
                        f"examples[{index}]{violation.instance_path}: {violation.message}", where
                    )
                )
    return found


def check_examples(root: Path, catalog: Catalog) -> list[Finding]:
    found = []
    checkers = corpus.checkers(catalog)
    for path in corpus.example_files(root):
        for problem in corpus.example_problems(checkers, path):
            found.append(Finding(problem, _rel(root, path)))
    missing = corpus.missing_corpus(root, catalog.names, "examples")
    found += [Finding(problem) for problem in missing]
    return found


def check_counterexamples(root: Path, catalog: Catalog) -> list[Finding]:
    expected = corpus.expectations(root)
    found = [
        Finding(problem, _rel(root, path))
        for path, problem in corpus.manifest_problems(root, expected)
    ]
    checkers = corpus.checkers(catalog)
    for path, entry in expected.items():
        if path.is_file():
            for problem in corpus.counterexample_problems(checkers, path, entry):
                found.append(Finding(problem, _rel(root, path)))
    missing = corpus.missing_corpus(root, catalog.names, "counterexamples")
    found += [Finding(problem) for problem in missing]
    return found


def check_ledger(root: Path, catalog: Catalog) -> list[Finding]:
    checkers = corpus.checkers(catalog)
    return [
        Finding(problem, _rel(root, book.folder / "ledger.toml"))
        for book in ledger.load_all(corpus.vendor_dir(root)).values()
        for problem in corpus.ledger_problems(checkers, book)
    ]


def check_engines(root: Path, catalog: Catalog) -> list[Finding]:
    found = []
    books = ledger.load_all(corpus.vendor_dir(root)).values()
    paths = corpus.engine_corpus_files(root, books)
    values = [(path, read_document(path)) for path in paths]
    for profile in corpus.PROFILES:
        fast = Checker(catalog, profile=profile, engine="rs")
        reference = Checker(catalog, profile=profile, engine="reference")
        for path, value in values:
            for problem in corpus.engine_disagreements(fast, reference, value):
                found.append(Finding(f"{profile}: {problem}", _rel(root, path)))
    return found


def check_generated(root: Path, catalog: Catalog) -> list[Finding]:
    require("generate", what="the generated artefacts check")
    planned = generate.plan(root)
    return [
        Finding(f"stale: run `{generate.COMMAND}` and commit the result", path)
        for path in generate.stale(root, planned)
    ]


def check_compatibility(
    root: Path, catalog: Catalog, corpus: list[replay.CorpusSource] | None = None
) -> list[Finding]:
    found = []
    folder = root / CONSUMERS
    registered = load_consumers(folder) if folder.is_dir() else []
    pairs: dict[str, replay.Pair] = {}
    majors: set[str] = set()  #: events released as a new major version
    for event in catalog.events.values():
        where = _rel(root, event.path)
        judgement = releases.judge(root, catalog, event)
        severity = "notice" if judgement.ok else "error"
        found.append(Finding(judgement.message, where, severity))
        major = judgement.current[0]
        for consumer, problem in pin_problems(registered, event.name, major):
            found.append(Finding(problem, _rel(root, consumer.path)))
        if judgement.verdict is None:
            continue
        for change in releases.by_importance(judgement.verdict.changes):
            if change.witness is not None and change.backward is False:
                instance = change.witness.instance
                found.append(
                    Finding(
                        f"  witness for [{change.rule}] {change.path}: valid under the "
                        f"release, invalid now: {_short(instance)}",
                        where,
                        "notice",
                    )
                )
        for impact in impacts(registered, event.name, judgement.verdict.changes, major):
            found.append(_consumer_finding(root, impact, event.name, where))
        if corpus is not None and judgement.latest is not None:
            if judgement.current[0] > judgement.latest[0]:
                majors.add(event.name)
            latest = releases.released(root, event.name)[-1]
            pairs[event.name] = replay.Pair(
                event.name,
                releases.side(latest.schema()),
                releases.side(releases.snapshot(catalog, event)),
            )
    if corpus is not None:
        found += _replayed(root, catalog, corpus, pairs, majors)
    return found


def _consumer_finding(root: Path, impact: Impact, event: str, where: str) -> Finding:
    consumer, change = impact.consumer, impact.change
    reads = ", ".join(impact.fields)
    detail = f"[{change.rule}] {change.path or '/'}: {change.message}"
    who = f"registered consumer {consumer.name} ({_rel(root, consumer.path)}, reads {reads})"
    if impact.status == "shielded":
        pin = consumer.pins[event]
        return Finding(
            f"does not reach {who}: it is pinned to {event} major version {pin} ({detail})",
            where,
            "notice",
        )
    if impact.status == "unproven":
        message = (
            f"may break {who}: cannot prove it safe, forward compatibility unknown ({detail}); "
            "pin the consumer to the current major version and release this as a new one, "
            "or update the consumer file"
        )
        return Finding(message, where)
    message = f"breaks {who}: {detail}"
    if impact.witness is not None:
        instance = impact.witness.instance
        shown = ", ".join(_field_value(instance, name) for name in impact.fields)
        message += f"; it would receive an event where {shown}: {_short(instance, 1000)}"
    elif change.rule in ("property-removed", "property-renamed"):
        message += "; the field it reads is gone"
    return Finding(message, where)


def _replayed(
    root: Path,
    catalog: Catalog,
    corpus: list[replay.CorpusSource],
    pairs: dict[str, replay.Pair],
    majors: set[str],
) -> list[Finding]:
    """A real-world witness fails the gate, whatever the version: the candidate refuses an
    event that was really sent, and a new major version does not make Alfred stop sending
    it (a receiver that upgrades would refuse real traffic)."""
    if not pairs:
        return [
            Finding("corpus: no event changed since its release; nothing replayed", None, "notice")
        ]
    seen = replay.replay(corpus, pairs)
    found = []
    for witness in seen.witnesses:
        first = witness.violations[0] if witness.violations else None
        why = f"{first.instance_path or '/'}: {first.message}" if first else "refused"
        more = len(witness.violations) - 1
        why += f" (and {more} more)" if more > 0 else ""
        major = witness.event in majors
        found.append(
            Finding(
                f"{witness.event}: recorded delivery {witness.delivery.where()} "
                f"(event_id {preview(witness.event_id)}) is accepted by the release and "
                f"refused now{' (even as a new major version)' if major else ''}: {why}",
                _rel(root, catalog.events[witness.event].path),
                "error",
            )
        )
    if seen.more:
        found.append(Finding(f"corpus: {seen.more} more real-world witnesses not shown", None))
    replayed = ", ".join(f"{n} {name}" for name, n in sorted(seen.replayed.items()))
    found.append(
        Finding(
            f"corpus: {seen.read} deliveries read ({seen.unusable} unusable), replayed "
            f"{replayed}: {seen.total} real-world witness{'es' if seen.total != 1 else ''}",
            None,
            "notice",
        )
    )
    return found


def _short(value: object, limit: int = 300) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _field_value(instance: object, name: str) -> str:
    """``event.update_date is missing`` or ``event.company_name = null``: a dotted field
    of a witness."""
    node = instance
    for key in name.split("."):
        if not isinstance(node, dict) or key not in node:
            return f"{name} is missing"
        node = node[key]
    return f"{name} = {preview(node)}"


def check_docs(root: Path, catalog: Catalog) -> list[Finding]:
    require("docs", what="the docs build check")
    if not (root / "mkdocs.yml").is_file():
        return [Finding("no mkdocs.yml", None)]
    with tempfile.TemporaryDirectory(prefix="alfred-gate-site-") as site:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str((root / "mkdocs.yml").resolve()),  # absolute: never read as an option
            "-d",
            site,
        ]
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root)
    output = (done.stdout + done.stderr).splitlines()
    problems = [line for line in output if "WARNING" in line or "ERROR" in line or "Error" in line]
    if done.returncode != 0 and not problems:
        problems = output[-3:]
    return [Finding(line.strip(), "mkdocs.yml") for line in problems]


_FUNCTIONS: dict[str, Check] = {
    "schemas": check_schemas,
    "examples": check_examples,
    "counterexamples": check_counterexamples,
    "vendor ledger": check_ledger,
    "engines agree": check_engines,
    "generated artefacts": check_generated,
    "compatibility": check_compatibility,
    "docs build": check_docs,
}
CHECKS: list[tuple[str, Check]] = [(name, _FUNCTIONS[name]) for name in CHECK_NAMES]


def unknown_checks(names: set[str]) -> UsageError | None:
    """The error for ``--skip`` names that are not checks (None: all are)."""
    unknown = sorted(names - set(CHECK_NAMES))
    if not unknown:
        return None
    listed = ", ".join(f"'{name}'" for name in CHECK_NAMES)
    shown = ", ".join(repr(name) for name in unknown)
    return UsageError(f"unknown check {shown} for --skip; the checks are: {listed}")


def run(root: Path, skip: set[str] | None = None, corpus: str | None = None) -> list[CheckResult]:
    """Run every check but ``skip``; ``corpus`` adds recorded deliveries to compatibility."""
    skip = skip or set()
    unknown = unknown_checks(skip)
    if unknown is not None:
        raise unknown
    recorded = replay.sources(corpus) if corpus is not None else None
    results = []
    try:
        catalog: Catalog | None = Catalog.load(root / "schemas")
        schema_error = None
    except AlfredContractsError as error:
        catalog, schema_error = None, str(error)
    for name, check in CHECKS:
        if name in skip:
            continue
        result = CheckResult(name)
        started = time.monotonic()
        if catalog is None:
            result.status = "fail" if name == "schemas" else "error"
            message = schema_error if name == "schemas" else "not run: the schemas do not load"
            result.findings.append(Finding(message or "", "schemas/"))
        else:
            try:
                if name == "compatibility":
                    result.findings = check_compatibility(root, catalog, recorded)
                else:
                    result.findings = check(root, catalog)
            except AlfredContractsError as error:
                result.status = "error"
                result.findings = [Finding(str(error))]
            else:
                if any(f.severity == "error" for f in result.findings):
                    result.status = "fail"
        result.seconds = time.monotonic() - started
        results.append(result)
    return results
