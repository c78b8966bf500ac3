"""``alfred-contracts validate``: options in, stages wired, exit code out."""

from __future__ import annotations

import argparse
import os
import sys

from alfred_contracts.cli import EXIT_FINDINGS, EXIT_OK
from alfred_contracts.cli.output import destination
from alfred_contracts.errors import UsageError
from alfred_contracts.report import validation as report
from alfred_contracts.validation import loader, pipeline
from alfred_contracts.validation.checker import Checker


def run(options: argparse.Namespace) -> int:
    if options.jobs < 0:
        raise UsageError("--jobs must be 0 (one per CPU) or more")
    if options.max_violations is not None and options.max_violations < 0:
        raise UsageError(f"--max-violations must be 0 or more, not {options.max_violations}")
    jobs = options.jobs or len(os.sched_getaffinity(0))
    sources = loader.discover(options.paths)
    checker = Checker(profile=options.profile, engine=options.engine, event=options.event)
    with destination(options.output) as out:
        reporter = report.create(options.format, out, max_violations=options.max_violations)
        if options.dask:
            from alfred_contracts.validation import archive

            summary = archive.run(sources, checker, reporter, address=options.dask)
        else:
            summary = pipeline.run(sources, checker, reporter, jobs=jobs)
    if options.output and options.output != "-":
        print(report.summary_line(summary), file=sys.stderr)
    return EXIT_OK if summary.ok else EXIT_FINDINGS
