"""Wire the stages for a whole run: load → route/check → report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol, cast

from alfred_contracts.errors import OutputError, SourceError
from alfred_contracts.validation import loader
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.scan import ScanResult, scan_file
from alfred_contracts.violations import KEYWORD_JSON, DocumentResult, Reporter, Summary, Violation

#: plain files smaller than this are checked in one process whatever --jobs says
PARALLEL_FROM = 4 * 1024 * 1024
#: the same for compressed or remote captures (their stored size, compressed)
STREAM_FROM = 1024 * 1024


@dataclass
class Tally:
    """How far a run is, for a progress display (see :class:`Progress`)."""

    events: int = 0  #: documents checked (while an NDJSON source is read: lines read)
    bytes: int = 0  #: bytes read (decompressed) of the NDJSON sources, and whole .json files
    invalid: int = 0
    total: int | None = None  #: bytes of every source, when all are plain files
    note: str = ""  #: what runs elsewhere (a file checked by worker processes)


class Progress(Protocol):
    """What :func:`run` tells a progress display. ``update`` is called per block of lines
    read, per document of other sources and per invalid document: it must be cheap."""

    def update(self, tally: Tally) -> None: ...
    def interrupt(self) -> None: ...  # a report line is about to be written


class _Counted:
    """A binary stream that tallies the bytes and lines read through it (per block)."""

    def __init__(self, handle: BinaryIO, tally: Tally, progress: Progress) -> None:
        self._handle, self._tally, self._progress = handle, tally, progress

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._tally.bytes += len(data)
        self._tally.events += data.count(b"\n")
        self._progress.update(self._tally)
        return data


def run(
    sources: Iterable[loader.Source],
    checker: Checker,
    reporter: Reporter,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Summary:
    """Check every document of every source, feeding each verdict to ``reporter``.

    NDJSON files go through the fast path (:mod:`alfred_contracts.validation.scan`), in ``jobs``
    processes when the file is large enough (:mod:`alfred_contracts.validation.parallel`); the
    report is the same whatever ``jobs`` is. ``progress`` is told how far the run is.
    """
    summary = Summary(profile=checker.profile)
    tally = Tally()
    if progress is not None:
        sources = list(sources)
        tally.total = _total(sources)

    def invalid(result: DocumentResult) -> None:
        summary.add(result)
        if progress is not None:
            tally.invalid += 1
            progress.update(tally)
            progress.interrupt()
        _write(reporter.document, result)

    offered = getattr(reporter, "pieces", None)
    pieces = offered() if offered is not None else None
    if pieces is not None:  # pieces rendered by worker processes (parallel.py)
        render, take = pieces

        def taken(piece: Any) -> None:
            _rendered, _grouping, documents, violations = piece
            summary.checked += documents
            summary.invalid += documents
            summary.violations += violations
            if progress is not None:
                tally.invalid += documents
                progress.update(tally)
                progress.interrupt()
            _write(take, piece)

        pieces = (render, taken)

    for source in sources:
        summary.sources += 1
        if source.kind == "ndjson":
            before = (tally.events, tally.bytes)
            scanned = _ndjson(source, checker, jobs, invalid, tally, progress, pieces)
            if progress is not None:  # the exact counts, once the source is done
                tally.events = before[0] + scanned.documents
                if source.plain and tally.bytes == before[1]:  # read by worker processes
                    tally.bytes += _size(source) or 0
                tally.note = ""
                progress.update(tally)
            summary.add_valid(scanned.valid)
            reporter.passed(source.label, scanned.valid)
            documents = scanned.documents
        else:
            documents = 0
            for line, value in loader.records(source):
                documents += 1
                result = checker.check(value, source.label, line)
                summary.add(result)
                if progress is not None:
                    tally.events += 1
                    tally.invalid += bool(result.violations)
                    progress.update(tally)
                    if result.violations:
                        progress.interrupt()
                reporter.document(result)
            if progress is not None and source.plain:
                tally.bytes += _size(source) or 0
        if not documents:
            empty = Violation(
                source.label, None, None, "", "", KEYWORD_JSON, "empty input: no events"
            )
            result = DocumentResult(source.label, None, None, (empty,))
            summary.add(result)
            reporter.document(result)
    reporter.finish(summary)
    return summary


def _write(write: Callable[[Any], None], item: Any) -> None:
    """Hand ``item`` to the reporter; a write the system refuses is the report's fault, never
    the source's (never "cannot read <source>"). A closed pipe (``| head``) goes on up:
    ``main()`` ends quietly."""
    try:
        write(item)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write the report: {error.strerror or error}") from None


def _total(sources: list[loader.Source]) -> int | None:
    """The bytes of every source, when each is a plain file (else the bytes read, which are
    decompressed, could not be compared with a stored size)."""
    if not all(source.plain for source in sources):
        return None
    return sum(_size(source) or 0 for source in sources)


def _ndjson(
    source: loader.Source,
    checker: Checker,
    jobs: int,
    invalid: Callable[[DocumentResult], None],
    tally: Tally | None = None,
    progress: Progress | None = None,
    pieces: tuple[Callable[[list[DocumentResult]], Any], Callable[[Any], None]] | None = None,
) -> ScanResult:
    def counted(handle: BinaryIO) -> BinaryIO:
        if progress is None or tally is None:
            return handle
        return cast(BinaryIO, _Counted(handle, tally, progress))

    try:
        size = _size(source) if jobs > 1 else None
        if size is not None and size >= (PARALLEL_FROM if source.plain else STREAM_FROM):
            from alfred_contracts.validation import (
                parallel,  # multiprocessing costs start-up time: import it on demand
            )

            if source.plain and source.path is not None:  # workers read their own ranges
                advance = None
                if progress is not None and tally is not None:  # counted as pieces finish
                    tally.note = f"checking {source.label} in {jobs} processes"
                    progress.update(tally)
                    advance = _advance(tally, progress)
                return parallel.scan_parallel(
                    source.path,
                    source.label,
                    checker,
                    jobs,
                    invalid,
                    advance=advance,
                    pieces=pieces,
                )
            with loader.opened(source) as handle:  # compressed or remote: lines sent out
                return parallel.scan_stream_parallel(
                    counted(handle), source.label, checker, jobs, invalid, pieces=pieces
                )
        with loader.opened(source) as handle:
            return scan_file(counted(handle), checker, source.label, on_invalid=invalid)
    except BrokenPipeError:  # the reporter's output closed (| head): not the source's fault
        raise
    except OSError as error:
        raise SourceError(f"cannot read {source.label!r}: {error.strerror or error}") from None


def _advance(tally: Tally, progress: Progress) -> Callable[[int, int], None]:
    def advance(documents: int, size: int) -> None:
        tally.events += documents
        tally.bytes += size
        progress.update(tally)

    return advance


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
