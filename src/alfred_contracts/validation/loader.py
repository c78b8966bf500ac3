"""Load stage: turn paths into sources, and sources into (line, parsed value) records.

* ``x.json`` (or any other explicit file): one document.
* ``x.ndjson`` / ``x.jsonl``: one document a line, read in fixed-size blocks, so memory
  stays constant whatever the file size; a line over the size limit is reported and
  skipped without being held in memory. Blank lines are skipped.
* a folder: every .json, .ndjson and .jsonl file below it, in sorted order.
* ``-``: standard input. When its first line is a complete JSON document the stream is
  read as NDJSON, otherwise as one (possibly pretty-printed) document.

A path that cannot be read is a :class:`SourceError` (a tool error, exit 2); a document
that cannot be parsed is a :class:`ParseFailure` value for the checker to report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from alfred_contracts.errors import SourceError
from alfred_contracts.parsing import MAX_DOCUMENT_BYTES, ParseFailure, parse, too_large

NDJSON_SUFFIXES = (".ndjson", ".jsonl")
FOLDER_SUFFIXES = (".json", *NDJSON_SUFFIXES)
STDIN = "-"
STDIN_LABEL = "<stdin>"
BLOCK = 1 << 20

Kind = Literal["json", "ndjson", "stdin"]
Record = tuple[int | None, object]  # (1-based line for NDJSON else None, value or ParseFailure)


@dataclass(frozen=True, slots=True)
class Source:
    """One thing to read: a file or standard input."""

    label: str  #: how reports name it (the path as given, or <stdin>)
    path: Path | None
    kind: Kind


def discover(arguments: Iterable[str]) -> list[Source]:
    """Resolve command-line paths into sources, in a stable order."""
    sources: list[Source] = []
    for argument in arguments:
        if argument == STDIN:
            sources.append(Source(STDIN_LABEL, None, "stdin"))
            continue
        path = Path(argument)
        if path.is_dir():
            found = _walk(path, argument)
            if not found:
                raise SourceError(f"no .json, .ndjson or .jsonl files under {argument!r}")
            sources.extend(found)
        elif path.is_file():
            sources.append(_file_source(path, argument))
        elif path.exists() or path.is_symlink():
            what = "a broken link" if path.is_symlink() and not path.exists() else "not a file"
            raise SourceError(f"cannot read {argument!r}: {what}")
        else:
            raise SourceError(f"cannot read {argument!r}: no such file or directory")
    return sources


def _file_source(path: Path, label: str) -> Source:
    kind: Kind = "ndjson" if path.suffix.lower() in NDJSON_SUFFIXES else "json"
    return Source(label, path, kind)


def _walk(folder: Path, label: str) -> list[Source]:
    found: list[Source] = []
    for directory, subdirectories, files in os.walk(folder, onerror=_walk_error):
        subdirectories.sort()
        for name in sorted(files):
            if not name.lower().endswith(FOLDER_SUFFIXES):
                continue
            path = Path(directory, name)
            shown = os.path.join(label, os.path.relpath(path, folder))
            if not path.is_file():
                raise SourceError(f"cannot read {shown!r}: a broken link or not a file")
            found.append(_file_source(path, shown))
    return found


def _walk_error(error: OSError) -> None:
    raise SourceError(f"cannot read {error.filename!r}: {error.strerror}")


def records(source: Source) -> Iterator[Record]:
    """The parsed documents of one source."""
    try:
        if source.kind == "stdin":
            yield from _stdin_records(sys.stdin.buffer)
        elif source.kind == "ndjson":
            assert source.path is not None
            with open(source.path, "rb") as handle:
                yield from _ndjson_records(lines(handle))
        else:
            assert source.path is not None
            yield None, read_document(source.path)
    except OSError as error:
        raise SourceError(f"cannot read {source.label!r}: {error.strerror or error}") from None


def read_document(path: Path) -> object:
    """Parse a single-document file (refusing, unread, one over the size limit)."""
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        return too_large(size)
    return parse(path.read_bytes())


def blocks(
    handle: BinaryIO, first: int = 1, *, give_up: int | None = None
) -> Iterator[tuple[int, list[bytes | int]]]:
    """Yield (number of the first line, lines) per block read; an over-long line is its size.

    Reads fixed blocks, so a file of any size, or one giant line, never sits in memory.
    Lines carry no ``\n``; an over-long line is replaced by its length in bytes.
    """
    number = first
    pending = b""
    skipping = 0  # > 0 while discarding the rest of an over-long line (bytes seen so far)
    while True:
        block = handle.read(BLOCK)
        if not block:
            break
        parts: list[bytes | int] = list(block.split(b"\n"))
        if skipping:
            head = parts[0]
            assert isinstance(head, bytes)
            if len(parts) == 1:
                skipping += len(head)
                if give_up is not None and skipping > give_up:
                    yield number, [-skipping]  # negative: reading stopped inside this line
                    return
                continue
            parts[0] = skipping + len(head)
            skipping = 0
        else:
            parts[0] = pending + parts[0]  # type: ignore[operator]
        tail = parts.pop()
        assert isinstance(tail, bytes)
        pending = tail
        if len(pending) > MAX_DOCUMENT_BYTES:
            skipping, pending = len(pending), b""
        if parts:
            yield number, parts
            number += len(parts)
    if skipping:
        yield number, [skipping]
    elif pending:
        yield number, [pending]


def lines(
    handle: BinaryIO, first: int = 1, *, give_up: int | None = None
) -> Iterator[tuple[int, bytes | int]]:
    """Yield (line number, bytes) per line; an over-long line yields its size instead
    (negated when ``give_up`` bytes of it were skipped and reading stopped there)."""
    for number, batch in blocks(handle, first, give_up=give_up):
        for offset, line in enumerate(batch):
            yield number + offset, line


def _ndjson_records(numbered: Iterable[tuple[int, bytes | int]]) -> Iterator[Record]:
    for number, line in numbered:
        if type(line) is int:
            yield number, too_large(abs(line), stopped=line < 0)
            continue
        value = parse(line)  # type: ignore[arg-type]
        if type(value) is ParseFailure and not line.strip():  # type: ignore[union-attr]
            continue  # a blank line
        yield number, value


def _stdin_records(stream: BinaryIO) -> Iterator[Record]:
    number = 1
    first = stream.readline(MAX_DOCUMENT_BYTES + 1)
    while first and not first.strip():  # skip leading blank lines, counting them
        nxt = stream.readline(MAX_DOCUMENT_BYTES + 1)
        if not nxt:
            break
        first, number = nxt, number + 1
    head = parse(first) if len(first) <= MAX_DOCUMENT_BYTES else None
    if head is not None and type(head) is not ParseFailure:
        yield number, head
        # a standard input may never end: a line that runs past the limit stops the read
        yield from _ndjson_records(lines(stream, first=number + 1, give_up=MAX_DOCUMENT_BYTES))
        return
    rest = stream.read(MAX_DOCUMENT_BYTES + 1 - len(first))
    document = first + rest
    if len(document) > MAX_DOCUMENT_BYTES:
        yield None, too_large(len(document), stopped=True)  # the rest is left unread
        return
    yield None, parse(document)
