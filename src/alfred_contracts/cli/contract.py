"""``diff``, ``gate`` and ``release``: the contract gate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alfred_contracts.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from alfred_contracts.cli.output import destination
from alfred_contracts.errors import UsageError
from alfred_contracts.resources import checkout_root


def _root(options: argparse.Namespace) -> Path:
    root = Path(options.root) if getattr(options, "root", None) else (checkout_root() or Path.cwd())
    if not (root / "schemas").is_dir():
        raise UsageError(f"{root} has no schemas/ folder; run in a checkout or pass --root DIR")
    return root


def diff(options: argparse.Namespace) -> int:
    from alfred_contracts.compat import sides
    from alfred_contracts.compat.consumers import broken, load
    from alfred_contracts.compat.diff import diff as compare
    from alfred_contracts.compat.witness import prove
    from alfred_contracts.report import contract as report

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
    return EXIT_OK if report.required_met(verdict, options.require) else EXIT_FINDINGS


def _event_name(side: tuple[dict[str, object], str]) -> str | None:
    from alfred_contracts.schema.catalog import event_name_of

    resources, root = side
    return event_name_of(resources[root])


def gate(options: argparse.Namespace) -> int:
    from alfred_contracts.compat import gate as gates
    from alfred_contracts.report import contract as report

    root = _root(options)
    results = gates.run(root, set(options.skip or []))
    with destination(options.output) as out:
        {"text": report.gate_text, "markdown": report.gate_markdown, "github": report.gate_github}[
            options.format
        ](results, out)
    if options.output and options.output != "-":
        print(report.gate_summary(results), file=sys.stderr)
    if any(r.status == "error" for r in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if any(r.status == "fail" for r in results) else EXIT_OK


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
