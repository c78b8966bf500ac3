"""Where the reference receiver keeps every delivery: a SQLite database.

Two tables: ``deliveries`` (one row per request: when, status, verdict, event, the
violations and the raw body) and ``events`` (one row per ``event_id`` ever accepted, for
de-duplication).

**One transaction per delivery.** Recording a delivery, and for an event marking its
``event_id`` seen, commit together: a crash at any instant leaves both or neither, so a
sender's retry after a crash is stored as accepted, never as a "duplicate" of nothing.
The receiver answers only after the commit (:meth:`Store.save` returns then).

**One thread owns the connection.** Every statement runs on the store's own thread, so the
event loop never waits on SQLite. Writes that queue up while one commits are committed
together (group commit: one ``fsync`` for many deliveries; each still all-or-nothing).
The file runs in WAL mode with ``synchronous=FULL`` (an acknowledged delivery survives a
power cut), and every lock is waited for (``busy_timeout``), so several listeners can
open, create and share one database.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import queue
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["PAGE_ROWS", "SHOWN_BODY", "STORED_BODY", "Delivery", "Store", "now"]

TABLES = (
    """CREATE TABLE IF NOT EXISTS deliveries (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at   TEXT    NOT NULL,
    status        INTEGER NOT NULL,
    verdict       TEXT    NOT NULL,
    event_name    TEXT,
    event_id      TEXT,
    content_type  TEXT,
    violations    TEXT    NOT NULL DEFAULT '[]',
    body          BLOB    NOT NULL,
    body_bytes    INTEGER NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS events (
    event_id      TEXT PRIMARY KEY,
    event_name    TEXT NOT NULL,
    first_seen    TEXT NOT NULL,
    deliveries    INTEGER NOT NULL DEFAULT 1
)""",
)

#: bodies larger than this are stored cut (body_bytes keeps the real size)
STORED_BODY = 1024 * 1024
#: ``GET /deliveries`` shows at most this much of a body (``body_truncated`` says so)
SHOWN_BODY = 64 * 1024
#: rows read per query when listing deliveries (the listing streams page by page)
PAGE_ROWS = 16
#: writes committed together at most
BATCH = 64

_COLUMNS = (
    "id", "received_at", "status", "verdict", "event_name", "event_id", "content_type",
    "violations", "body", "body_bytes", "stored_bytes",
)  # fmt: skip

Settle = Callable[[object, BaseException | None], None]
Read = Callable[[sqlite3.Connection], object]


@dataclass(frozen=True)
class Delivery:
    """One request as stored. A delivery with verdict ``accepted`` and an ``event_id`` is
    de-duplicated: it is stored as ``duplicate`` when that id was accepted before."""

    status: int
    verdict: str  #: accepted, duplicate, ignored, refused, handshake
    body: bytes
    body_bytes: int
    content_type: str | None = None
    event_name: str | None = None
    event_id: str | None = None
    violations: str = "[]"
    received_at: str = ""
    id: int | None = None  #: the row, once stored


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _open(path: str, wait: float) -> sqlite3.Connection:
    """Open (and create) the database, waiting out other processes doing the same."""
    deadline = time.monotonic() + wait
    while True:
        db = sqlite3.connect(path, timeout=wait, check_same_thread=False, isolation_level=None)
        try:
            if path != ":memory:":
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE")  # creating the tables takes the write lock first
            for table in TABLES:
                db.execute(table)
            db.execute("COMMIT")
            return db
        except sqlite3.OperationalError as error:
            db.close()
            if not _busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@dataclass
class _Job:
    settle: Settle
    delivery: Delivery | None = None  #: a write
    read: Read | None = None  #: or a read


class Store:
    """The deliveries database; thread-safe, and awaitable from an event loop."""

    def __init__(self, path: str | Path = ":memory:", *, wait: float = 30.0) -> None:
        self.path = str(path)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(
            target=_work, args=(_open(self.path, wait), self._jobs), name="alfred-store"
        )
        self._thread.daemon = True
        self._thread.start()
        # a store dropped without close() (an app that goes away) ends its thread too
        self._stop = weakref.finalize(self, self._jobs.put, None)

    # -- writing ------------------------------------------------------------------------

    def record(self, delivery: Delivery) -> Delivery:
        """Store ``delivery`` (blocking); the delivery as stored, with its final verdict."""
        found = self._wait(delivery=delivery)
        assert isinstance(found, Delivery)
        return found

    async def save(self, delivery: Delivery) -> Delivery:
        """Store ``delivery``; returns once it is committed, as :meth:`record` does."""
        found = await self._await(delivery=delivery)
        assert isinstance(found, Delivery)
        return found

    # -- reading ------------------------------------------------------------------------

    def deliveries(self, limit: int = 100) -> list[dict[str, Any]]:
        """The most recent deliveries, newest first (bodies as text, cut at SHOWN_BODY)."""
        rows: list[dict[str, Any]] = []
        before = None
        while len(rows) < limit:
            page = self._wait(read=_page(before, min(PAGE_ROWS, limit)))
            assert isinstance(page, list)
            rows += page
            if len(page) < min(PAGE_ROWS, limit):
                break
            before = page[-1]["id"]
        return rows[:limit]

    async def page(self, before: int | None, limit: int) -> list[dict[str, Any]]:
        """At most ``limit`` deliveries older than ``before`` (all when None), newest first."""
        found = await self._await(read=_page(before, limit))
        assert isinstance(found, list)
        return found

    async def older_exists(self, before: int) -> bool:
        found = await self._await(read=_older(before))
        return bool(found)

    def counts(self) -> dict[str, int]:
        found = self._wait(read=_counts)
        assert isinstance(found, dict)
        return found

    async def count(self) -> dict[str, int]:
        """:meth:`counts`, awaited."""
        found = await self._await(read=_counts)
        assert isinstance(found, dict)
        return found

    def close(self, timeout: float = 30.0) -> None:
        """Finish the queued work, then close the database."""
        self._closed = True
        self._stop()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)

    # -- handing work to the store's thread ---------------------------------------------

    def _wait(self, delivery: Delivery | None = None, read: Read | None = None) -> object:
        done = threading.Event()
        outcome: list[Any] = []

        def settle(result: object, error: BaseException | None) -> None:
            outcome[:] = [result, error]
            done.set()

        self._put(_Job(settle, delivery, read))
        done.wait()
        if outcome[1] is not None:
            raise outcome[1]
        return outcome[0]

    async def _await(self, delivery: Delivery | None = None, read: Read | None = None) -> object:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[object] = loop.create_future()

        def settle(result: object, error: BaseException | None) -> None:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(_resolve, future, result, error)

        self._put(_Job(settle, delivery, read))
        return await future

    def _put(self, job: _Job) -> None:
        if self._closed or not self._thread.is_alive():
            raise sqlite3.ProgrammingError("the delivery store is closed")
        self._jobs.put(job)


def _work(db: sqlite3.Connection, jobs: queue.SimpleQueue[_Job | None]) -> None:
    """The store's thread: run what is queued; the writes queued together commit together."""
    batch: list[_Job] = []
    try:
        while True:
            first = jobs.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < BATCH:
                try:
                    job = jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    _run(db, batch)
                    return
                batch.append(job)
            _run(db, batch)
            batch = []
    except BaseException as error:  # a bug: fail who waits rather than leave them hanging
        for job in batch:
            job.settle(None, error)
        raise
    finally:
        db.close()


def _run(db: sqlite3.Connection, jobs: list[_Job]) -> None:
    writes = [job for job in jobs if job.delivery is not None]
    if writes:
        _commit(db, writes)
    for job in jobs:
        if job.read is not None:
            try:
                result = job.read(db)
            except sqlite3.Error as error:
                job.settle(None, error)
            else:
                job.settle(result, None)


def _commit(db: sqlite3.Connection, jobs: list[_Job]) -> None:
    try:
        db.execute("BEGIN IMMEDIATE")
        stored = [_insert(db, job.delivery) for job in jobs]
        db.execute("COMMIT")
    except sqlite3.Error as error:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        if len(jobs) > 1:  # one at a time, so that one bad write fails only itself
            for job in jobs:
                _commit(db, [job])
            return
        jobs[0].settle(None, error)
        return
    for job, delivery in zip(jobs, stored, strict=True):
        job.settle(delivery, None)


def _resolve(future: asyncio.Future[object], result: object, error: BaseException | None) -> None:
    if future.done():  # cancelled: the request went away
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


def _insert(db: sqlite3.Connection, delivery: Delivery | None) -> Delivery:
    assert delivery is not None
    stamp = delivery.received_at or now()
    verdict = delivery.verdict
    if verdict == "accepted" and delivery.event_id is not None:
        (seen,) = db.execute(
            "INSERT INTO events (event_id, event_name, first_seen) VALUES (?, ?, ?) "
            "ON CONFLICT(event_id) DO UPDATE SET deliveries = deliveries + 1 "
            "RETURNING deliveries",
            (delivery.event_id, delivery.event_name or "", stamp),
        ).fetchone()
        verdict = "accepted" if seen == 1 else "duplicate"
    cursor = db.execute(
        "INSERT INTO deliveries (received_at, status, verdict, event_name, event_id, "
        "content_type, violations, body, body_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            stamp,
            delivery.status,
            verdict,
            delivery.event_name,
            delivery.event_id,
            delivery.content_type,
            delivery.violations,
            delivery.body[:STORED_BODY],
            delivery.body_bytes,
        ),
    )
    return dataclasses.replace(delivery, verdict=verdict, received_at=stamp, id=cursor.lastrowid)


def _page(before: int | None, limit: int) -> Read:
    def read(db: sqlite3.Connection) -> list[dict[str, Any]]:
        rows = db.execute(
            "SELECT id, received_at, status, verdict, event_name, event_id, content_type, "
            "violations, substr(body, 1, ?), body_bytes, length(body) FROM deliveries "
            "WHERE id < ? ORDER BY id DESC LIMIT ?",
            (SHOWN_BODY, before if before is not None else 2**63 - 1, limit),
        ).fetchall()
        found = []
        for row in rows:
            item = dict(zip(_COLUMNS, row, strict=True))
            shown = item["body"]
            shown = shown.encode("utf-8") if isinstance(shown, str) else bytes(shown or b"")
            item["body"] = shown.decode("utf-8", "replace")
            item["body_truncated"] = len(shown) < (item.pop("stored_bytes") or 0) or (
                len(shown) < item["body_bytes"]
            )
            found.append(item)
        return found

    return read


def _older(before: int) -> Read:
    def read(db: sqlite3.Connection) -> bool:
        query = "SELECT EXISTS (SELECT 1 FROM deliveries WHERE id < ?)"
        return bool(db.execute(query, (before,)).fetchone()[0])

    return read


def _counts(db: sqlite3.Connection) -> dict[str, int]:
    rows = db.execute("SELECT verdict, COUNT(*) FROM deliveries GROUP BY verdict").fetchall()
    return {str(verdict): int(count) for verdict, count in rows}
