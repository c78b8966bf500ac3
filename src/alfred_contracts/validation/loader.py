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

import gzip
import io
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, Protocol, cast

from alfred_contracts import extras
from alfred_contracts.errors import AlfredContractsError, MissingExtra, SourceError
from alfred_contracts.parsing import MAX_DOCUMENT_BYTES, ParseFailure, parse, too_large

NDJSON_SUFFIXES = (".ndjson", ".jsonl")
FOLDER_SUFFIXES = (".json", *NDJSON_SUFFIXES)
STDIN = "-"
STDIN_LABEL = "<stdin>"
BLOCK = 1 << 20
#: the extra that brings fsspec (URLs) and zstandard (.zst)
ARCHIVE = "archive"

Kind = Literal["json", "ndjson", "stdin"]
Compression = Literal["gzip", "zstd"]
Record = tuple[int | None, object]  # (1-based line for NDJSON else None, value or ParseFailure)

#: compressed forms, by suffix (after the .json/.ndjson/.jsonl one): read transparently
COMPRESSIONS: dict[str, Compression] = {".gz": "gzip", ".zst": "zstd"}

#: ``scheme://`` or a chained fsspec URL (``simplecache::s3://``); two letters at least, so
#: that a Windows drive (``C:\``) is never taken for one
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+(?:://|::.*://)")
#: the ``user:password@`` of a URL (in a label, or in an error message that quotes one)
_USERINFO = re.compile(r"(?<=://)[^/?#\s]*@")


class FileSystem(Protocol):
    """What the loader uses of an fsspec filesystem."""

    def open(self, path: str, mode: str = ...) -> Any: ...
    def size(self, path: str) -> Any: ...


@dataclass(frozen=True, slots=True)
class Source:
    """One thing to read: a file, an object behind a URL, or standard input."""

    label: str  #: how reports name it (the path or URL as given, or <stdin>)
    path: Path | None  #: the local file, when there is one
    kind: Kind
    compression: Compression | None = None  #: how its bytes are compressed (by suffix)
    #: the filesystem and the path in it, for an object behind a URL that is not local
    remote: tuple[FileSystem, str] | None = field(default=None, repr=False, compare=False)

    @property
    def plain(self) -> bool:
        """A local file whose bytes are its documents (not compressed): the only kind of
        source whose NDJSON can be split into byte ranges and checked in parallel."""
        return self.path is not None and self.compression is None and self.kind != "stdin"


def is_url(argument: str) -> bool:
    """Whether ``argument`` is a URL for fsspec rather than a local path."""
    return _URL.match(argument) is not None


def without_credentials(text: str) -> str:
    """``text`` (a URL, or a message quoting one) without any ``user:password@``; an
    http(s) URL's query (where signed URLs carry their token) is shown as ``?…``."""
    text = _USERINFO.sub("", text)
    if text.lower().startswith(("http://", "https://")) and "?" in text:
        text = text.split("?", 1)[0] + "?…"
    return text


def split_name(name: str) -> tuple[Literal["json", "ndjson"] | None, Compression | None]:
    """What a file name says: the kind of capture (None: not one) and its compression."""
    lower = name.lower()
    compression: Compression | None = None
    for suffix, method in COMPRESSIONS.items():
        if lower.endswith(suffix):
            compression, lower = method, lower[: -len(suffix)]
            break
    if lower.endswith(NDJSON_SUFFIXES):
        return "ndjson", compression
    if lower.endswith(".json"):
        return "json", compression
    return None, compression


def is_capture_name(name: str) -> bool:
    """Whether a folder's (or a URL listing's) file ``name`` is read: .json, .ndjson, .jsonl,
    each also as .gz or .zst."""
    return split_name(name)[0] is not None


def discover(arguments: Iterable[str]) -> list[Source]:
    """Resolve command-line paths and URLs into sources, in a stable order."""
    sources: list[Source] = []
    for argument in arguments:
        if argument == STDIN:
            sources.append(Source(STDIN_LABEL, None, "stdin"))
            continue
        if is_url(argument):
            sources.extend(_url_sources(argument))
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


def _file_source(
    path: Path | None, label: str, remote: tuple[FileSystem, str] | None = None
) -> Source:
    name = path.name if path is not None else label
    kind, compression = split_name(name)
    if compression == "zstd":
        extras.require(ARCHIVE, "zstandard", what=f"reading {label!r}")
    return Source(label, path, "ndjson" if kind == "ndjson" else "json", compression, remote)


def _walk(folder: Path, label: str) -> list[Source]:
    found: list[Source] = []
    for directory, subdirectories, files in os.walk(folder, onerror=_walk_error):
        subdirectories.sort()
        for name in sorted(files):
            if not is_capture_name(name):
                continue
            path = Path(directory, name)
            shown = os.path.join(label, os.path.relpath(path, folder))
            if not path.is_file():
                raise SourceError(f"cannot read {shown!r}: a broken link or not a file")
            found.append(_file_source(path, shown))
    return found


def _walk_error(error: OSError) -> None:
    raise SourceError(f"cannot read {error.filename!r}: {error.strerror}")


# -- URLs (fsspec) -----------------------------------------------------------------------


def _url_sources(url: str) -> list[Source]:
    label = without_credentials(url)
    extras.require(ARCHIVE, "fsspec", what=f"reading {label!r}")
    import fsspec  # type: ignore[import-untyped]  # (no type information shipped)

    try:
        fs, path = fsspec.core.url_to_fs(url)
    except ImportError:
        raise SourceError(f"cannot read {label!r}: {_missing_driver(url)}") from None
    except ValueError as error:
        if "protocol not known" in str(error).lower():
            protocol = url.split("::")[0].split("://")[0]
            raise SourceError(
                f"cannot read {label!r}: unknown protocol {protocol}:// (no fsspec filesystem)"
            ) from None
        raise SourceError(f"cannot read {label!r}: {_reason(error)}") from None
    except Exception as error:  # options the filesystem refuses…
        raise SourceError(f"cannot read {label!r}: {_reason(error)}") from None
    local = "file" in ((fs.protocol,) if isinstance(fs.protocol, str) else fs.protocol)

    def source(found: str, shown: str) -> Source:
        if local:
            return _file_source(Path(found), shown)
        return _file_source(None, shown, (fs, found))

    try:
        if _has_glob(path, url):
            base, prefix = _static_part(path), _static_part(label)
            matches = fs.glob(path, detail=True)
            files = [p for p, info in matches.items() if info.get("type") != "directory"]
            for folder in sorted(
                p for p, info in matches.items() if info.get("type") == "directory"
            ):
                files.extend(fs.find(folder))  # a matched "directory": what is below it
            what = "match"
        else:
            info = fs.info(path)
            if info.get("type") != "directory":
                return [source(path, label)]
            base, prefix = path, label
            files, what = fs.find(path), "under"
    except AlfredContractsError:
        raise
    except Exception as error:
        raise SourceError(f"cannot read {label!r}: {_reason(error)}") from None
    relative = {_relative(found, base): found for found in set(files) if is_capture_name(found)}
    if not relative:
        raise SourceError(f"no .json, .ndjson or .jsonl files {what} {label!r}")
    return [source(relative[name], _join(prefix, name)) for name in sorted(relative, key=_walked)]


def _has_glob(path: str, url: str) -> bool:
    if url.lower().startswith(("http://", "https://")):
        return "*" in path  # there ? begins the query
    return any(char in path for char in "*?[")


def _static_part(text: str) -> str:
    """``text`` up to the folder that holds its first glob character (``/`` included)."""
    first = min((text.find(c) for c in "*?[" if c in text), default=len(text))
    return text[: text.rfind("/", 0, first) + 1]


def _relative(found: str, base: str) -> str:
    base = base.rstrip("/")
    if base and found.startswith(base + "/"):
        return found[len(base) + 1 :]
    return found.lstrip("/") if not base else found


def _join(prefix: str, name: str) -> str:
    return prefix + name if prefix.endswith("/") else f"{prefix}/{name}"


def _walked(name: str) -> tuple[tuple[int, str], ...]:
    """The order a folder walk gives: a folder's files first, then its subfolders."""
    parts = name.split("/")
    return (*((1, part) for part in parts[:-1]), (0, parts[-1]))


def _missing_driver(url: str) -> str:
    """Which package a URL's filesystem needs (fsspec knows it; it is not installed)."""
    from fsspec.registry import known_implementations  # type: ignore[import-untyped]

    for protocol in re.findall(r"([A-Za-z][A-Za-z0-9+.\-]+)(?:://|::)", url):
        known = known_implementations.get(protocol.lower(), {})
        package = str(known.get("class", "")).split(".")[0]
        if package and extras.missing(package):
            return f"{protocol}:// needs the {package} package: pip install {package}"
    return "its filesystem needs a package that is not installed"


def _reason(error: BaseException) -> str:
    """An error as one line without credentials."""
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, OSError) and error.strerror:
        text = error.strerror
    else:
        text = str(error) or type(error).__name__
        if not isinstance(error, OSError | ValueError):
            text = f"{type(error).__name__}: {text}"
    return without_credentials(" ".join(text.split()))


# -- reading -----------------------------------------------------------------------------


@contextmanager
def opened(source: Source) -> Iterator[BinaryIO]:
    """The bytes of ``source``'s documents, decompressed, as a binary stream.

    ``read(n)`` gives at most ``n`` bytes (read in blocks: never ask for everything of a
    file that may be large). A file that cannot be opened or read, or a compressed stream
    that is cut short or corrupt, is a :class:`SourceError` naming the source; the bytes
    decoded before the damage are handed out first, the error comes with the next read.
    Standard input is given as it is (and not closed).
    """
    if source.kind == "stdin":
        yield sys.stdin.buffer
        return
    raw = _open_raw(source)
    try:
        stream = _decoded(raw, source)
        try:
            yield cast(BinaryIO, stream)
        finally:
            stream.close()
    finally:
        raw.close()


def _open_raw(source: Source) -> IO[bytes]:
    try:
        if source.remote is not None:
            filesystem, path = source.remote
            return cast(IO[bytes], filesystem.open(path, "rb"))
        assert source.path is not None
        return open(source.path, "rb")
    except AlfredContractsError:
        raise
    except Exception as error:
        raise SourceError(f"cannot read {source.label!r}: {_reason(error)}") from None


def _decoded(raw: IO[bytes], source: Source) -> _Stream:
    if source.compression == "gzip":
        return _Stream(gzip.GzipFile(fileobj=raw, mode="rb"), source.label, "gzip")
    if source.compression == "zstd":
        try:
            import zstandard
        except ImportError:
            raise MissingExtra(f"reading {source.label!r}", ARCHIVE, ["zstandard"]) from None
        frames = ZstdFrames(raw)
        reader = zstandard.ZstdDecompressor().stream_reader(
            cast(IO[bytes], frames), read_size=1 << 17, read_across_frames=True, closefd=False
        )
        return _Stream(reader, source.label, "zstd", frames.check)
    return _Stream(raw, source.label, None)


class _Stream(io.RawIOBase):
    """A source's decompressed bytes, whose errors are :class:`SourceError` naming it.

    Reads the inner stream a piece at a time (``read1``), so that what a decompressor has
    decoded before it meets damage is returned, and the error raised by the next read.
    """

    def __init__(
        self,
        inner: Any,
        label: str,
        compression: Compression | None,
        finish: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._inner = inner
        self._piece: Callable[[int], bytes] = getattr(inner, "read1", inner.read)
        self._label, self._compression, self._finish = label, compression, finish
        self._error: SourceError | None = None
        self._done = False
        self.delivered = 0  #: bytes handed out so far

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed and self._compression is not None:
            self._inner.close()  # the decompressor; the file under it is opened()'s
        super().close()

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        if self._error is not None:
            raise self._error
        pieces: list[bytes] = []
        got = 0
        while not self._done and (size is None or size < 0 or got < size):
            want = BLOCK if size is None or size < 0 else min(size - got, BLOCK)
            try:
                piece = self._piece(want)
            except AlfredContractsError:
                raise
            except Exception as error:
                self._error = SourceError(self._describe(error, got))
                break
            if not piece:
                self._done = True
                cut = self._finish() if self._finish is not None else None
                if cut is not None:
                    self._error = SourceError(self._message(cut, got))
                break
            pieces.append(piece)
            got += len(piece)
        if self._error is not None and not got:
            raise self._error
        self.delivered += got
        return b"".join(pieces)

    def _describe(self, error: Exception, got: int) -> str:
        if self._compression is None:
            return f"cannot read {self._label!r}: {_reason(error)}"
        if isinstance(error, EOFError):
            return self._message(f"the {self._compression} stream is cut short", got)
        detail = " ".join(str(error).split()) or type(error).__name__
        if isinstance(error, gzip.BadGzipFile | zlib.error) or type(error).__name__ == "ZstdError":
            return self._message(f"not a valid {self._compression} stream ({detail})", got)
        return self._message(_reason(error), got)

    def _message(self, what: str, got: int) -> str:
        where = self.delivered + got
        return f"cannot read {self._label!r}: {what}, after {where} bytes decompressed"


class ZstdFrames:
    """Follows the frames of a zstd stream as its bytes go by, without decoding them.

    The decoder of a stream that ends inside a frame just stops, as it would at the end:
    :meth:`check` says whether the bytes seen so far end between two frames. Only headers
    are looked at (a frame's header, each block's three bytes, skippable frames' sizes), so
    following costs little next to decoding.
    """

    _ZSTD, _SKIPPABLE = 0xFD2FB528, 0x184D2A50

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._state = "magic"
        self._want = 4  # header bytes needed for the current state
        self._head = b""
        self._skip = 0  # content bytes to pass over before the next header
        self._checksum = False
        self.broken = False  # not zstd after all: the decoder says why

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if data and not self.broken:
            self._follow(data)
        return data

    def check(self) -> str | None:
        """None when the stream seen so far ends between frames; else what is wrong."""
        if self.broken or (self._state == "magic" and not self._head and not self._skip):
            return None
        return "the zstd stream is cut short (it ends inside a frame)"

    def _follow(self, data: bytes) -> None:
        at, size = 0, len(data)
        while at < size:
            if self._skip:
                step = min(self._skip, size - at)
                self._skip -= step
                at += step
                continue
            take = data[at : at + self._want - len(self._head)]
            self._head += take
            at += len(take)
            if len(self._head) < self._want:
                return
            head, self._head = self._head, b""
            self._advance(head)
            if self.broken:
                return

    def _advance(self, head: bytes) -> None:
        number = int.from_bytes(head, "little")
        if self._state == "magic":
            if number == self._ZSTD:
                self._state, self._want = "frame", 1
            elif number & 0xFFFFFFF0 == self._SKIPPABLE:
                self._state, self._want = "skippable", 4
            else:
                self.broken = True
        elif self._state == "skippable":
            self._skip = number
            self._state, self._want = "magic", 4
        elif self._state == "frame":
            single = number >> 5 & 1
            content_size = (single, 2, 4, 8)[number >> 6]
            self._checksum = bool(number >> 2 & 1)
            self._skip = (0 if single else 1) + (0, 1, 2, 4)[number & 3] + content_size
            self._state, self._want = "block", 3
        else:  # a block header
            last, kind, size = number & 1, number >> 1 & 3, number >> 3
            if kind == 3:
                self.broken = True
                return
            self._skip = 1 if kind == 1 else size
            if last:
                self._skip += 4 if self._checksum else 0
                self._state, self._want = "magic", 4


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
