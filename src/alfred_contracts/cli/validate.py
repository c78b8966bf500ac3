"""``alfred-contracts validate``: options in, stages wired, exit code out."""

from __future__ import annotations

import argparse
import os
import sys

from .. import loader, pipeline, report
from ..checker import Checker
from ..errors import UsageError
from . import EXIT_FINDINGS, EXIT_OK
from .output import destination


def run(options: argparse.Namespace) -> int:
    if options.jobs < 0:
        raise UsageError("--jobs must be 0 (one per CPU) or more")
    jobs = options.jobs or len(os.sched_getaffinity(0))
    sources = loader.discover(options.paths)
    checker = Checker(profile=options.profile, engine=options.engine, event=options.event)
    with destination(options.output) as out:
        reporter = report.create(options.format, out)
        summary = pipeline.run(sources, checker, reporter, jobs=jobs)
    if options.output and options.output != "-":
        print(report.summary_line(summary), file=sys.stderr)
    return EXIT_OK if summary.ok else EXIT_FINDINGS
