"""Wire the stages for a whole run: load → route/check → report."""

from __future__ import annotations

from collections.abc import Iterable

from . import loader
from .checker import Checker
from .report import Reporter
from .violations import KEYWORD_JSON, DocumentResult, Summary, Violation


def run(sources: Iterable[loader.Source], checker: Checker, reporter: Reporter) -> Summary:
    """Check every document of every source, feeding each verdict to ``reporter``."""
    summary = Summary(profile=checker.profile)
    for source in sources:
        summary.sources += 1
        seen = 0
        for line, value in loader.records(source):
            seen += 1
            result = checker.check(value, source.label, line)
            summary.add(result)
            reporter.document(result)
        if not seen:
            empty = Violation(
                source.label, None, None, "", "", KEYWORD_JSON, "empty input: no events"
            )
            result = DocumentResult(source.label, None, None, (empty,))
            summary.add(result)
            reporter.document(result)
    reporter.finish(summary)
    return summary
