"""``validate --jobs N``: check a large NDJSON capture in N processes, same report as one.

Two ways to hand work out, both in pieces of about :data:`CHUNK` bytes:

* a plain local file is cut into byte ranges that end just after a newline; each worker
  reads and scans its own ranges (nothing but offsets crosses a pipe);
* any other stream (a ``.gz`` or ``.zst`` capture, an object behind a URL) is read and
  split into lines by the parent, which sends batches of lines to the workers.

Each worker sends back counts and the invalid documents of its piece. The parent takes the
results in input order (renumbering the lines of byte ranges), so the report is identical,
violation for violation and in the same order, to a one-process run. At most
:data:`AHEAD` pieces per worker are in flight: memory stays flat however large the input
and however many of its lines are invalid. Workers are forked, so they inherit the loaded
catalog.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any, BinaryIO

from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import blocks
from alfred_contracts.validation.scan import ScanResult, scan, scan_file
from alfred_contracts.violations import DocumentResult

#: the size of a piece of work, in bytes of NDJSON
CHUNK = 4 * 1024 * 1024
#: the smallest byte range worth a task (kept for callers that cut files themselves)
MIN_CHUNK = 2 * 1024 * 1024
#: pieces in flight per worker
AHEAD = 3
SEARCH = 64 * 1024

_checker: Checker | None = None

Batches = list[tuple[int, list[bytes | int]]]


def ranges(path: Path, jobs: int, chunk: int | None = None) -> list[tuple[int, int]]:
    """Byte ranges of ``path`` that each end right after a newline (or at the end), of
    about ``chunk`` bytes (default: :data:`CHUNK`, or fewer, larger ones for a small file
    so that every worker gets some)."""
    size = path.stat().st_size
    if chunk is None:
        pieces = max(1, min(jobs * 4, size // MIN_CHUNK))
        chunk = min(size // pieces, CHUNK)  # a large file: many pieces of CHUNK bytes
    step = max(1, chunk)
    cuts = [0]
    with path.open("rb") as handle:
        while cuts[-1] + step < size:
            handle.seek(cuts[-1] + step)
            position = handle.tell()
            while True:
                block = handle.read(SEARCH)
                if not block:
                    position = size
                    break
                found = block.find(b"\n")
                if found >= 0:
                    position += found + 1
                    break
                position += len(block)
            if position >= size:
                break
            cuts.append(position)
    cuts.append(size)
    return list(itertools.pairwise(cuts))


class Bounded:
    """An open binary file read only up to ``left`` bytes from where it stands."""

    def __init__(self, handle: BinaryIO, left: int) -> None:
        self.handle, self.left = handle, left

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        data = self.handle.read(self.left if size < 0 else min(size, self.left))
        self.left -= len(data)
        return data


class _Window(Bounded):
    """A file read only between two offsets."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        handle = path.open("rb")
        handle.seek(start)
        super().__init__(handle, end - start)

    def close(self) -> None:
        self.handle.close()


def _work_range(task: tuple[str, int, int, str]) -> ScanResult:
    path, start, end, label = task
    assert _checker is not None
    window = _Window(Path(path), start, end)
    try:
        return scan_file(window, _checker, label)  # type: ignore[arg-type]
    finally:
        window.close()


def _work_lines(task: tuple[Batches, str]) -> ScanResult:
    batches, label = task
    assert _checker is not None
    return scan(batches, _checker, label)


def _renumber(result: DocumentResult, offset: int) -> DocumentResult:
    if not offset or result.line is None:
        return result
    line = result.line + offset
    violations = tuple(v._replace(line=line) for v in result.violations)
    return result._replace(line=line, violations=violations)


def _in_order(
    jobs: int, work: Callable[[Any], ScanResult], tasks: Iterable[Any]
) -> Iterator[ScanResult]:
    """Run ``work`` over ``tasks`` in ``jobs`` forked processes; results in task order,
    with at most ``AHEAD`` tasks per process in flight."""
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=jobs) as pool:
        pending: collections.deque[AsyncResult[ScanResult]] = collections.deque()
        for task in tasks:
            pending.append(pool.apply_async(work, (task,)))
            if len(pending) >= jobs * AHEAD:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


#: how a piece's invalid documents are rendered by the worker that found them (a module-level
#: function of the reporter, sent by reference) and handed to the reporter here, in order
Render = Callable[[list[DocumentResult]], Any]
Take = Callable[[Any], None]


def scan_parallel(
    path: Path,
    label: str,
    checker: Checker,
    jobs: int,
    on_invalid: Callable[[DocumentResult], None],
    *,
    advance: Callable[[int, int], None] | None = None,
    pieces: tuple[Render, Take] | None = None,
) -> ScanResult:
    """Scan the plain file ``path`` with ``jobs`` processes; invalid documents in order.
    ``advance`` (documents, bytes) is told of each piece once it is reported.

    The first piece is checked here. When most of its lines are invalid, the run is bound by
    the report: with ``pieces``, the workers render their violations themselves (so the
    lines are numbered from the start of the file as the pieces are handed out); without,
    the rest is checked here too rather than paying to send every result across a pipe.
    """
    global _checker
    _checker = checker
    cut = ranges(path, jobs)
    total = ScanResult()
    offset = 0
    rendered = False
    for index, (start, end) in enumerate(cut):
        part = _scan_here(path, start, end, label, checker, on_invalid, offset)
        _add(total, part)
        if advance is not None:
            advance(part.documents, end - start)
        offset = part.lines  # numbered from the start of the file
        if index == 0 and not _mostly_invalid(part):
            break
        if index == 0 and pieces is not None:
            rendered = True
            break
    else:
        total.lines = offset
        return total
    if rendered:
        assert pieces is not None
        return _rendered(path, label, jobs, cut[1:], offset, total, pieces, advance)
    tasks = ((str(path), start, end, label) for start, end in cut[1:])
    sizes = iter(cut[1:])
    for part in _in_order(jobs, _work_range, tasks):
        for document in part.invalid:
            on_invalid(_renumber(document, offset))
        _add(total, part)
        start, end = next(sizes)
        if advance is not None:
            advance(part.documents, end - start)
        offset += part.lines  # numbered from the start of the piece
    total.lines = offset
    return total


def _rendered(
    path: Path,
    label: str,
    jobs: int,
    cut: list[tuple[int, int]],
    offset: int,
    total: ScanResult,
    pieces: tuple[Render, Take],
    advance: Callable[[int, int], None] | None,
) -> ScanResult:
    """The rest of ``path`` checked and rendered by the workers, each piece numbered from the
    line it starts at (counted here, one piece ahead of the workers)."""
    render, take = pieces

    def tasks() -> Iterator[tuple[str, int, int, str, int, Render]]:
        first = offset + 1
        for start, end in cut:
            yield str(path), start, end, label, first, render
            first += _newlines(path, start, end)

    sizes = iter(cut)
    for part in _in_order(jobs, _work_rendered, tasks()):
        take(part.rendered)
        _add(total, part)
        start, end = next(sizes)
        if advance is not None:
            advance(part.documents, end - start)
        total.lines = part.lines
    return total


def _newlines(path: Path, start: int, end: int) -> int:
    window = _Window(path, start, end)
    try:
        count = 0
        while block := window.read(1 << 20):
            count += block.count(b"\n")
        return count
    finally:
        window.close()


def _work_rendered(task: tuple[str, int, int, str, int, Render]) -> ScanResult:
    path, start, end, label, first, render = task
    assert _checker is not None
    window = _Window(Path(path), start, end)
    try:
        part = scan_file(window, _checker, label, first=first)  # type: ignore[arg-type]
    finally:
        window.close()
    part.rendered = render(part.invalid)
    part.invalid = []
    return part


def _scan_here(
    path: Path,
    start: int,
    end: int,
    label: str,
    checker: Checker,
    on_invalid: Callable[[DocumentResult], None],
    offset: int,
) -> ScanResult:
    window = _Window(path, start, end)
    try:
        return scan_file(
            window,  # type: ignore[arg-type]
            checker,
            label,
            first=offset + 1,
            on_invalid=on_invalid,
        )
    finally:
        window.close()


def _add(total: ScanResult, part: ScanResult) -> None:
    total.documents += part.documents
    total.valid += part.valid


def _mostly_invalid(part: ScanResult) -> bool:
    return part.documents > 0 and part.valid < part.documents / 2


def _line_batches(handle: BinaryIO, label: str) -> Iterator[tuple[Batches, str]]:
    """The stream's lines (from :func:`loader.blocks`) in tasks of about CHUNK bytes."""
    task: Batches = []
    size = 0
    for first, lines in blocks(handle):
        task.append((first, lines))
        size += sum(len(line) if type(line) is bytes else 0 for line in lines) + len(lines)
        if size >= CHUNK:
            yield task, label
            task, size = [], 0
    if task:
        yield task, label


def scan_stream_parallel(
    handle: BinaryIO,
    label: str,
    checker: Checker,
    jobs: int,
    on_invalid: Callable[[DocumentResult], None],
    *,
    pieces: tuple[Render, Take] | None = None,
) -> ScanResult:
    """Scan a stream read here (decompressed, remote) with ``jobs`` worker processes. When
    most lines of the first piece are invalid, the workers render their violations (with
    ``pieces``) or the rest is checked here (without): see scan_parallel."""
    global _checker
    _checker = checker
    total = ScanResult()
    tasks = _line_batches(handle, label)
    first = next(tasks, None)
    if first is None:
        return total
    part = scan(first[0], checker, label, on_invalid=on_invalid)
    _add(total, part)
    total.lines = part.lines
    if _mostly_invalid(part) and pieces is not None:
        render, take = pieces
        rendering = ((batches, name, render) for batches, name in tasks)
        for part in _in_order(jobs, _work_lines_rendered, rendering):
            take(part.rendered)
            _add(total, part)
            total.lines = max(total.lines, part.lines)
        return total
    if _mostly_invalid(part):
        for batches, _label in tasks:
            part = scan(batches, checker, label, on_invalid=on_invalid)
            _add(total, part)
            total.lines = max(total.lines, part.lines)
        return total
    for part in _in_order(jobs, _work_lines, tasks):
        for document in part.invalid:
            on_invalid(document)  # numbered from the start: batches carry their numbers
        _add(total, part)
        total.lines = max(total.lines, part.lines)
    return total


def _work_lines_rendered(task: tuple[Batches, str, Render]) -> ScanResult:
    batches, label, render = task
    assert _checker is not None
    part = scan(batches, _checker, label)
    part.rendered = render(part.invalid)
    part.invalid = []
    return part
