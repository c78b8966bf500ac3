"""The reference receiver's log: lines that can never block or fail a delivery.

A :class:`LineSink` takes lines without waiting (a bounded queue) and a thread of its own
writes them. When the queue is full (nobody reads the pipe, the terminal is paused) a
line is dropped and counted, and the next line written says how many were lost; when the
stream is closed or broken, every later line is dropped. Either way the receiver goes on
answering. :class:`SinkHandler` routes Python logging (uvicorn's warnings, the receiver's
notes) to a sink, one line per record.

Every line is escaped with :func:`alfred_contracts.escaping.one_line`: what a client sent
(an event name, an id, a path) can neither start a line of its own nor reach a terminal
as an escape sequence.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from alfred_contracts.consumer.store import Delivery
from alfred_contracts.escaping import one_line

__all__ = ["LineSink", "SinkHandler", "delivery_line", "routed"]

#: lines waiting to be written, at most; more are dropped (and counted)
CAPACITY = 10_000


def _stamp() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


def delivery_line(delivery: Delivery, summary: str) -> str:
    """``12:00:01  200  accepted   job_start_event 0c4e...``: one delivery, one line."""
    return one_line(f"{_stamp()}  {delivery.status}  {delivery.verdict:<9}  {summary}")


class LineSink:
    """Lines to ``stream``, written by a thread; :meth:`put` never blocks and never fails."""

    def __init__(self, stream: TextIO | None, *, capacity: int = CAPACITY) -> None:
        self._stream = stream
        self._fd: int | None = None
        self._encoding = "utf-8"
        if stream is not None:
            self._encoding = getattr(stream, "encoding", None) or "utf-8"
            try:
                stream.flush()
                self._fd = stream.fileno()  # written with os.write: no lock shared with print
            except (OSError, ValueError):  # no file descriptor (a test's capture) or closed
                self._fd = None
        self._queue: queue.Queue[tuple[int, str | None]] = queue.Queue(capacity)
        self._lock = threading.Lock()
        self._lost = 0  #: dropped since the last line written
        self.dropped = 0  #: dropped in all
        self.broken = stream is None
        self._closed = False
        self._thread = threading.Thread(target=self._drain, name="alfred-log", daemon=True)
        self._thread.start()

    def put(self, line: str) -> None:
        """Queue ``line`` (without its newline) to be written; drop it if that must wait."""
        with self._lock:
            if not self.broken:
                try:  # the line carries how many were dropped just before it
                    self._queue.put_nowait((self._lost, line))
                    self._lost = 0
                    return
                except queue.Full:
                    pass
            self._lost += 1
            self.dropped += 1

    def close(self, timeout: float = 2.0) -> None:
        """Write what is queued, waiting at most ``timeout`` seconds (a stalled stream)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            lost, self._lost = self._lost, 0
        try:
            self._queue.put((lost, None), timeout=timeout)
        except queue.Full:
            return
        self._thread.join(timeout)

    def _drain(self) -> None:
        while True:
            lost, line = self._queue.get()
            if lost:
                self._write(f"... {lost} log line(s) dropped: the output was not read in time")
            if line is None:
                return
            self._write(line)

    def _write(self, line: str) -> None:
        if self.broken:
            return
        data = (line + "\n").encode(self._encoding, "backslashreplace")
        try:
            if self._fd is not None:
                view = memoryview(data)
                while view:
                    view = view[os.write(self._fd, view) :]
            elif self._stream is not None:  # pragma: no branch
                self._stream.write(data.decode(self._encoding))
                self._stream.flush()
        except (OSError, ValueError):  # a closed or broken stream: stop writing, go on serving
            self.broken = True


class SinkHandler(logging.Handler):
    """Python logging to a :class:`LineSink`: one escaped line per record."""

    def __init__(self, sink: LineSink) -> None:
        super().__init__()
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except (TypeError, ValueError):  # a record whose arguments do not fit its format
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text += f" ({type(error).__name__}: {error})"
        level = record.levelname.lower()
        self.sink.put(one_line(f"{_stamp()}  {level}  {text}"))


#: the loggers a running receiver writes to: the server's, asyncio's and the receiver's
LOGGERS = ("uvicorn", "asyncio", "alfred_contracts.consumer")


@contextmanager
def routed(sink: LineSink, level: int = logging.INFO) -> Iterator[None]:
    """While inside, every receiver logger writes to ``sink`` (and nowhere else)."""
    handler = SinkHandler(sink)
    saved = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.handlers[:], logger.propagate, logger.level))
        logger.handlers = [handler]
        logger.propagate = False
        logger.setLevel(level if name == "alfred_contracts.consumer" else logging.WARNING)
    # a logging.config.dictConfig elsewhere in the process (its default disables every
    # logger that exists) must not silence the receiver's own loggers
    silenced = [
        logger
        for key, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
        and logger.disabled
        and any(key == name or key.startswith(name + ".") for name in LOGGERS)
    ]
    for logger in silenced:
        logger.disabled = False
    # children keep their own levels otherwise (uvicorn sets uvicorn.error's from its
    # log_level): while routed, they inherit the level chosen here
    children = [
        (logger, logger.level)
        for key, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
        and any(key.startswith(name + ".") for name in LOGGERS)
    ]
    for logger, _level in children:
        logger.setLevel(logging.NOTSET)
    try:
        yield
    finally:
        for logger, level in children:
            logger.setLevel(level)
        for logger in silenced:
            logger.disabled = True
        for logger, handlers, propagate, old_level in saved:
            logger.handlers = handlers
            logger.propagate = propagate
            logger.setLevel(old_level)
