"""``alfred-contracts validate``: options in, stages wired, exit code out."""

from __future__ import annotations

import argparse
import os
import sys

from alfred_contracts.cli import EXIT_FINDINGS, EXIT_OK, unknown_event
from alfred_contracts.cli.output import check_writable, destination
from alfred_contracts.errors import UsageError
from alfred_contracts.report import validation as report
from alfred_contracts.validation import loader, pipeline
from alfred_contracts.validation.checker import Checker

#: said on stderr before standard input is read from a terminal
STDIN_NOTICE = (
    "reading events from standard input (end with Ctrl-D; "
    "alfred-contracts validate --help for paths)"
)


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:  # a closed stream
        return False


def run(options: argparse.Namespace) -> int:
    # --jobs, --max-violations and the choices are checked as they are parsed (cli.__init__)
    check_writable("--output", options.output)
    if options.event is not None:
        from alfred_contracts.schema.catalog import Catalog

        known = list(Catalog.load().messages)  # every event, and the handshake
        if options.event not in known:
            raise UsageError(unknown_event("--event", options.event, known))
    jobs = options.jobs or len(os.sched_getaffinity(0))
    sources = loader.discover(options.paths)
    if any(source.kind == "stdin" for source in sources) and _is_terminal(sys.stdin):
        print(STDIN_NOTICE, file=sys.stderr)  # else a terminal seems to hang, waiting
    checker = Checker(profile=options.profile, engine=options.engine, event=options.event)
    with destination(options.output) as out:
        reporter = report.create(options.format, out, max_violations=options.max_violations)
        if options.dask:
            from alfred_contracts.validation import archive

            summary = archive.run(sources, checker, reporter, address=options.dask)
        else:
            from alfred_contracts.report.live import ValidationProgress

            shown = ValidationProgress(sys.stderr, shared=_is_terminal(out))
            try:  # a live line on a terminal (stderr), nothing when it is redirected
                progress = shown if shown.live else None
                summary = pipeline.run(sources, checker, reporter, jobs=jobs, progress=progress)
            finally:
                shown.close()
    if options.output and options.output != "-":
        print(report.summary_line(summary), file=sys.stderr)
    return EXIT_OK if summary.ok else EXIT_FINDINGS
