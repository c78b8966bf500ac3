"""Wire the stages for a whole run: load → route/check → report."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from alfred_contracts.errors import SourceError
from alfred_contracts.validation import loader
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.scan import ScanResult, scan_file
from alfred_contracts.violations import KEYWORD_JSON, DocumentResult, Reporter, Summary, Violation

#: plain files smaller than this are checked in one process whatever --jobs says
PARALLEL_FROM = 4 * 1024 * 1024
#: the same for compressed or remote captures (their stored size, compressed)
STREAM_FROM = 1024 * 1024


def run(
    sources: Iterable[loader.Source], checker: Checker, reporter: Reporter, *, jobs: int = 1
) -> Summary:
    """Check every document of every source, feeding each verdict to ``reporter``.

    NDJSON files go through the fast path (:mod:`alfred_contracts.validation.scan`), in ``jobs``
    processes when the file is large enough (:mod:`alfred_contracts.validation.parallel`); the
    report is the same whatever ``jobs`` is.
    """
    summary = Summary(profile=checker.profile)

    def invalid(result: DocumentResult) -> None:
        summary.add(result)
        reporter.document(result)

    for source in sources:
        summary.sources += 1
        if source.kind == "ndjson":
            scanned = _ndjson(source, checker, jobs, invalid)
            summary.add_valid(scanned.valid)
            reporter.passed(source.label, scanned.valid)
            documents = scanned.documents
        else:
            documents = 0
            for line, value in loader.records(source):
                documents += 1
                result = checker.check(value, source.label, line)
                summary.add(result)
                reporter.document(result)
        if not documents:
            empty = Violation(
                source.label, None, None, "", "", KEYWORD_JSON, "empty input: no events"
            )
            result = DocumentResult(source.label, None, None, (empty,))
            summary.add(result)
            reporter.document(result)
    reporter.finish(summary)
    return summary


def _ndjson(
    source: loader.Source, checker: Checker, jobs: int, invalid: Callable[[DocumentResult], None]
) -> ScanResult:
    try:
        size = _size(source) if jobs > 1 else None
        if size is not None and size >= (PARALLEL_FROM if source.plain else STREAM_FROM):
            from alfred_contracts.validation import (
                parallel,  # multiprocessing costs start-up time: import it on demand
            )

            if source.plain and source.path is not None:  # workers read their own ranges
                return parallel.scan_parallel(source.path, source.label, checker, jobs, invalid)
            with loader.opened(source) as handle:  # compressed or remote: lines sent out
                return parallel.scan_stream_parallel(handle, source.label, checker, jobs, invalid)
        with loader.opened(source) as handle:
            return scan_file(handle, checker, source.label, on_invalid=invalid)
    except OSError as error:
        raise SourceError(f"cannot read {source.label!r}: {error.strerror or error}") from None


def _size(source: loader.Source) -> int | None:
    """The stored size of ``source`` (compressed, for a compressed one), if known."""
    try:
        if source.path is not None:
            return source.path.stat().st_size
        if source.remote is not None:
            filesystem, path = source.remote
            return int(filesystem.size(path))
    except Exception:  # a size is only a hint: without one, one process reads the source
        return None
    return None
