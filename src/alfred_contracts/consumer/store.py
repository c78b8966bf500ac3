"""Where the reference receiver keeps every delivery: a SQLite database.

Two tables: ``deliveries`` (one row per request: when, status, verdict, event, the
violations and the raw body) and ``events`` (one row per ``event_id`` ever accepted, for
de-duplication). Writes are serialised by a lock; the database runs in WAL mode so a
reader (``sqlite3 deliveries.db``) never blocks the receiver.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
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
);
CREATE TABLE IF NOT EXISTS events (
    event_id      TEXT PRIMARY KEY,
    event_name    TEXT NOT NULL,
    first_seen    TEXT NOT NULL,
    deliveries    INTEGER NOT NULL DEFAULT 1
);
"""

#: bodies larger than this are stored cut (body_bytes keeps the real size)
STORED_BODY = 1024 * 1024


@dataclass(frozen=True)
class Delivery:
    status: int
    verdict: str  #: accepted, duplicate, ignored, refused, handshake
    body: bytes
    body_bytes: int
    content_type: str | None = None
    event_name: str | None = None
    event_id: str | None = None
    violations: str = "[]"
    received_at: str = ""


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Store:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.lock = threading.Lock()
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def first_delivery(self, event_id: str, event_name: str) -> bool:
        """Record ``event_id``; True the first time it is seen, False for a redelivery."""
        with self.lock:
            cursor = self.db.execute(
                "INSERT INTO events (event_id, event_name, first_seen) VALUES (?, ?, ?) "
                "ON CONFLICT(event_id) DO UPDATE SET deliveries = deliveries + 1",
                (event_id, event_name, now()),
            )
            inserted = self.db.execute(
                "SELECT deliveries FROM events WHERE event_id = ?", (event_id,)
            ).fetchone()[0]
            del cursor
            return bool(inserted == 1)

    def record(self, delivery: Delivery) -> int:
        with self.lock:
            cursor = self.db.execute(
                "INSERT INTO deliveries (received_at, status, verdict, event_name, event_id, "
                "content_type, violations, body, body_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    delivery.received_at or now(),
                    delivery.status,
                    delivery.verdict,
                    delivery.event_name,
                    delivery.event_id,
                    delivery.content_type,
                    delivery.violations,
                    delivery.body[:STORED_BODY],
                    delivery.body_bytes,
                ),
            )
            return int(cursor.lastrowid or 0)

    def deliveries(self, limit: int = 100) -> list[dict[str, Any]]:
        """The most recent deliveries, newest first (bodies as text)."""
        with self.lock:
            rows = self.db.execute(
                "SELECT id, received_at, status, verdict, event_name, event_id, content_type, "
                "violations, body, body_bytes FROM deliveries ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        keys = ("id", "received_at", "status", "verdict", "event_name", "event_id",
                "content_type", "violations", "body", "body_bytes")  # fmt: skip
        found = []
        for row in rows:
            item = dict(zip(keys, row, strict=True))
            item["body"] = bytes(item["body"]).decode("utf-8", "replace")
            found.append(item)
        return found

    def counts(self) -> dict[str, int]:
        with self.lock:
            rows = self.db.execute(
                "SELECT verdict, COUNT(*) FROM deliveries GROUP BY verdict"
            ).fetchall()
        return dict(rows)

    def close(self) -> None:
        self.db.close()
