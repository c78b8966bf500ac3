"""Reading a source: its documents' bytes as one binary stream, decompressed as read.

Multi-member gzip files and concatenated zstd frames are read to the end, in blocks, never
whole. A stream that is cut short or corrupt is a :class:`SourceError`, raised once the
bytes decoded before the damage have been handed out.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, BinaryIO, cast

from alfred_contracts.errors import AlfredContractsError, MissingExtra, SourceError
from alfred_contracts.validation.sources import ARCHIVE, Compression, Source, _reason

#: how much is read at a time
BLOCK = 1 << 20


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
