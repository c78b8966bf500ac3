"""``validate --jobs N``: check one large NDJSON file in N processes, same report as one.

The file is cut into byte ranges that end just after a newline; each worker process scans
its ranges with the fast path and sends back counts and the invalid documents, numbered
from the start of the range. The parent takes the results in file order and renumbers
them, so the report is identical, violation for violation and in the same order, to a
one-process run. Workers are forked, so they inherit the loaded catalog.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.scan import ScanResult, scan_file
from alfred_contracts.violations import DocumentResult

#: the smallest byte range worth a task
MIN_CHUNK = 2 * 1024 * 1024
SEARCH = 64 * 1024

_checker: Checker | None = None


def ranges(path: Path, jobs: int) -> list[tuple[int, int]]:
    """Byte ranges of ``path`` that each end right after a newline (or at the end)."""
    size = path.stat().st_size
    pieces = max(1, min(jobs * 4, size // MIN_CHUNK))
    step = max(1, size // pieces)
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


class _Window:
    """A file read only between two offsets."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self.handle = path.open("rb")
        self.handle.seek(start)
        self.left = end - start

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        data = self.handle.read(self.left if size < 0 else min(size, self.left))
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


def _work(task: tuple[str, int, int, str]) -> ScanResult:
    path, start, end, label = task
    assert _checker is not None
    window = _Window(Path(path), start, end)
    try:
        return scan_file(window, _checker, label)  # type: ignore[arg-type]
    finally:
        window.close()


def _renumber(result: DocumentResult, offset: int) -> DocumentResult:
    if not offset or result.line is None:
        return result
    line = result.line + offset
    violations = tuple(v._replace(line=line) for v in result.violations)
    return result._replace(line=line, violations=violations)


def scan_parallel(
    path: Path,
    label: str,
    checker: Checker,
    jobs: int,
    on_invalid: Callable[[DocumentResult], None],
) -> ScanResult:
    """Scan ``path`` with ``jobs`` processes; hand invalid documents over in file order."""
    global _checker
    tasks = [(str(path), start, end, label) for start, end in ranges(path, jobs)]
    total = ScanResult()
    _checker = checker
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=jobs) as pool:
        offset = 0
        results: Iterator[Any] = pool.imap(_work, tasks)
        for part in results:
            for document in part.invalid:
                on_invalid(_renumber(document, offset))
            offset += part.lines
            total.documents += part.documents
            total.valid += part.valid
    total.lines = offset
    return total
