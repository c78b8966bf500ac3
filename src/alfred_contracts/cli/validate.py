"""``alfred-contracts validate``: options in, stages wired, exit code out."""

from __future__ import annotations

import argparse
import sys

from .. import loader, pipeline, report
from ..checker import Checker
from . import EXIT_FINDINGS, EXIT_OK
from .output import destination


def run(options: argparse.Namespace) -> int:
    sources = loader.discover(options.paths)
    checker = Checker(profile=options.profile, engine=options.engine, event=options.event)
    with destination(options.output) as out:
        reporter = report.create(options.format, out)
        summary = pipeline.run(sources, checker, reporter)
    if options.output and options.output != "-":
        print(report.summary_line(summary), file=sys.stderr)
    return EXIT_OK if summary.ok else EXIT_FINDINGS
