"""``diff``, ``gate`` and ``release``: the contract gate."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from alfred_contracts.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, refusal
from alfred_contracts.cli.output import check_writable, destination
from alfred_contracts.errors import UsageError
from alfred_contracts.resources import project_root

# Each command checks its options first (the values alone are checked as they are parsed,
# in alfred_contracts.cli): nothing is computed, and no file written, before they pass.

_ROOT_ACCEPTED = "give the folder of a contract project, the one with schemas/"
_CORPUS_ACCEPTED = (
    "give an NDJSON capture, a .json file, a folder of them, an fsspec URL or the SQLite "
    "file `listen --db` writes"
)


def _folder(option: str, value: str, accepted: str) -> Path:
    """``value`` as a folder that exists, else the one line that says it is not."""
    path = Path(value)
    if not path.is_dir():
        why = "not a folder" if path.exists() else "no such folder"
        raise UsageError(refusal(option, value, f"{why} ({accepted})"))
    return path


def _check_corpus(value: str | None) -> None:
    """A missing --corpus path said as such (URLs and what is in the path are checked by
    the replay's own loader, still before any work)."""
    if value is not None and "://" not in value and not os.path.lexists(value):
        raise UsageError(refusal("--corpus", value, f"no such file or folder ({_CORPUS_ACCEPTED})"))


def _root(options: argparse.Namespace) -> Path:
    if getattr(options, "root", None):
        root = _folder("--root", options.root, _ROOT_ACCEPTED)
        if not (root / "schemas").is_dir():
            raise UsageError(
                refusal("--root", options.root, f"no schemas/ in it ({_ROOT_ACCEPTED})")
            )
    else:
        found = project_root()
        if found is None:
            raise UsageError(
                f"no schemas/ folder in {Path.cwd()} or any folder above it; run inside a "
                "contract project or pass --root DIR"
            )
        root = found
    if not (root / "schemas").is_dir():
        raise UsageError(f"{root} has no schemas/ folder; run in a checkout or pass --root DIR")
    return root


def diff(options: argparse.Namespace) -> int:
    from alfred_contracts.compat import sides
    from alfred_contracts.compat.consumers import broken, load
    from alfred_contracts.compat.diff import diff as compare
    from alfred_contracts.compat.witness import prove
    from alfred_contracts.report import contract as report

    check_writable("--output", options.output)
    if options.consumers:
        _folder(
            "--consumers",
            options.consumers,
            "give the folder of consumer contracts, such as contracts/consumers",
        )
    old, new = sides.load(options.old), sides.load(options.new)
    verdict = prove(compare(old, new), old, new)
    hits: list[tuple[str, list[str]]] = []
    folder = (
        Path(options.consumers) if options.consumers else (Path.cwd() / "contracts" / "consumers")
    )
    name = _event_name(new) or _event_name(old)
    if folder.is_dir() and name:
        hits = [(c.name, reads) for c, reads, _ in broken(load(folder), name, verdict.changes)]
    with destination(options.output) as out:
        if options.format == "json":
            report.diff_json(verdict, hits, out)
        else:
            report.diff_text(verdict, options.old, options.new, hits, out)
    problem = report.requirement_problem(verdict, options.require)
    if problem is not None:
        print(problem, file=sys.stderr)
    return EXIT_OK if problem is None else EXIT_FINDINGS


def _event_name(side: tuple[dict[str, object], str]) -> str | None:
    from alfred_contracts.schema.catalog import event_name_of

    resources, root = side
    return event_name_of(resources[root])


def gate(options: argparse.Namespace) -> int:
    from alfred_contracts.compat import gate as gates
    from alfred_contracts.report import contract as report

    skip = set(options.skip or [])
    unknown = gates.unknown_checks(skip)
    if unknown is not None:
        raise unknown
    root = _root(options)
    check_writable("--output", options.output)
    _check_corpus(options.corpus)
    results = gates.run(root, skip, options.corpus)
    with destination(options.output) as out:
        {"text": report.gate_text, "markdown": report.gate_markdown, "github": report.gate_github}[
            options.format
        ](results, out)
    if options.output and options.output != "-":
        print(report.gate_summary(results), file=sys.stderr)
    if any(r.status == "error" for r in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if any(r.status == "fail" for r in results) else EXIT_OK


def replay(options: argparse.Namespace) -> int:
    from alfred_contracts.compat import releases, sides
    from alfred_contracts.compat import replay as replays
    from alfred_contracts.report import contract as report
    from alfred_contracts.schema.catalog import event_name_of

    if getattr(options, "root", None):
        _folder("--root", options.root, "give the folder of a contract project")
    check_writable("--output", options.output)
    _check_corpus(options.corpus)
    corpus = replays.sources(options.corpus)
    candidate = sides.load(options.candidate)
    name = event_name_of(candidate[0][candidate[1]])
    if name is None:
        raise UsageError(f"{options.candidate}: not an event schema (no const event.event_name)")
    root = _releases_root(options)
    history = releases.released(root, name)
    if not history:
        folder = root / releases.RELEASES
        known = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        raise UsageError(
            f"unknown event {name!r}: no release of it in {folder}; released events: "
            f"{', '.join(known) or 'none'}"
        )
    latest = history[-1]
    pair = replays.Pair(name, releases.side(latest.schema()), candidate)
    seen = replays.replay(corpus, {name: pair})
    with destination(options.output) as out:
        render = report.replay_json if options.format == "json" else report.replay_text
        render(seen, name, releases.shown(latest.version), options.candidate, out)
    if options.output and options.output != "-":
        print(report.replay_summary(seen, name), file=sys.stderr)
    return EXIT_FINDINGS if seen.total else EXIT_OK


def _releases_root(options: argparse.Namespace) -> Path:
    """Where contracts/releases/ is: --root, the project around the current folder, or
    the data installed with the package."""
    from alfred_contracts.compat.releases import RELEASES
    from alfred_contracts.resources import data_root

    if getattr(options, "root", None):
        return Path(options.root)
    found = project_root()
    if found is not None and (found / RELEASES).is_dir():
        return found
    return data_root()


def release(options: argparse.Namespace) -> int:
    from alfred_contracts.compat import releases
    from alfred_contracts.schema.catalog import Catalog

    root = _root(options)
    written = releases.cut(root, Catalog.load(root / "schemas"))
    for name, path in written:
        print(f"released {name}: {path.relative_to(root)}")
    if not written:
        print("nothing to release: every event's latest release matches its working schema")
    return EXIT_OK
