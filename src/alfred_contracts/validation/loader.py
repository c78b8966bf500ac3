"""Load stage: turn paths into sources, and sources into (line, parsed value) records.

* ``x.json`` (or any other explicit file): one document.
* ``x.ndjson`` / ``x.jsonl``: one document a line, read in fixed-size blocks, so memory
  stays constant whatever the file size; a line over the size limit is reported and
  skipped without being held in memory. Blank lines are skipped.
* ``x.ndjson.gz``, ``x.json.gz`` (gzip, core install) and ``x.ndjson.zst``, ``x.json.zst``
  (zstd, the ``[archive]`` extra): the same, decompressed as they are read, never whole;
  multi-member gzip files and concatenated zstd frames are read to the end. A stream that
  is cut short or corrupt is a :class:`SourceError`, raised once the documents decoded
  before the damage have been handed out.
* a folder: every .json, .ndjson and .jsonl file below it (each also as .gz or .zst), in
  sorted order.
* a URL of any fsspec filesystem (``s3://``, ``gs://``, ``file://``, ``memory://``…; the
  ``[archive]`` extra, and the filesystem's own package such as s3fs): a URL naming an
  object is one source; one naming a "directory", or holding a glob (``*``), stands for
  the captures below it or matching it, in sorted order. Reports show the URL as given,
  without any ``user:password@``.
* ``-``: standard input. When its first line is a complete JSON document the stream is
  read as NDJSON, otherwise as one (possibly pretty-printed) document.

Every source is read through :func:`opened`, which gives its documents' bytes (decompressed)
as one binary stream. Only a :attr:`Source.plain` file (local, uncompressed) can be split
into byte ranges for parallel checking.

A path that cannot be read is a :class:`SourceError` (a tool error, exit 2); a document
that cannot be parsed is a :class:`ParseFailure` value for the checker to report.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, cast

from alfred_contracts.errors import SourceError
from alfred_contracts.parsing import MAX_DOCUMENT_BYTES, ParseFailure, parse, too_large
from alfred_contracts.validation.sources import (
    ARCHIVE,
    COMPRESSIONS,
    FOLDER_SUFFIXES,
    NDJSON_SUFFIXES,
    STDIN,
    STDIN_LABEL,
    Compression,
    FileSystem,
    Kind,
    Source,
    discover,
    is_capture_name,
    is_url,
    split_name,
    without_credentials,
)
from alfred_contracts.validation.streams import ZstdFrames, opened

BLOCK = 1 << 20
Record = tuple[int | None, object]  # (1-based line for NDJSON else None, value or ParseFailure)

__all__ = [
    "ARCHIVE",
    "BLOCK",
    "COMPRESSIONS",
    "FOLDER_SUFFIXES",
    "NDJSON_SUFFIXES",
    "STDIN",
    "STDIN_LABEL",
    "Compression",
    "FileSystem",
    "Kind",
    "Record",
    "Source",
    "ZstdFrames",
    "blocks",
    "discover",
    "is_capture_name",
    "is_url",
    "lines",
    "opened",
    "read_document",
    "read_stream",
    "records",
    "split_name",
    "without_credentials",
]


def records(source: Source) -> Iterator[Record]:
    """The parsed documents of one source."""
    try:
        if source.kind == "stdin":
            yield from _stdin_records(sys.stdin.buffer)
        elif source.kind == "ndjson":
            with opened(source) as handle:
                yield from _ndjson_records(lines(handle))
        elif source.plain:
            assert source.path is not None
            yield None, read_document(source.path)
        else:
            with opened(source) as handle:
                yield None, read_stream(handle)
    except OSError as error:
        raise SourceError(f"cannot read {source.label!r}: {error.strerror or error}") from None


def read_document(path: Path) -> object:
    """Parse a single-document file (refusing, unread, one over the size limit)."""
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        return too_large(size)
    return parse(path.read_bytes())


def read_stream(handle: BinaryIO) -> object:
    """Parse the single document of a stream (one over the size limit is read no further)."""
    document = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(document) > MAX_DOCUMENT_BYTES:
        return too_large(len(document), stopped=True)
    handle.read(1)  # at the end: raises if the stream was cut short or damaged
    return parse(document)


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


class _UntilEnd:
    """Standard input that stays at its end once it reached it.

    A terminal reports an end of input (Ctrl-D at the start of a line) once, to the read
    that meets it; the next read waits for more. So a read that met the end, however
    much it returned, is the last one made: one Ctrl-D ends the input.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._ended = False

    def readline(self, size: int = -1) -> bytes:
        if self._ended:
            return b""
        line = self._stream.readline(size)
        if not line.endswith(b"\n") and (size < 0 or len(line) < size):
            self._ended = True  # it stopped short of a newline and of the limit: the end
        return line

    def read(self, size: int = -1) -> bytes:
        if self._ended:
            return b""
        read1 = getattr(self._stream, "read1", self._stream.read)
        pieces: list[bytes] = []
        got = 0
        while size < 0 or got < size:
            piece = read1(BLOCK if size < 0 else size - got)  # one read of the stream at most
            if not piece:
                self._ended = True
                break
            pieces.append(piece)
            got += len(piece)
        return b"".join(pieces)


def _stdin_records(stream: BinaryIO) -> Iterator[Record]:
    stream = cast(BinaryIO, _UntilEnd(stream))
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
