"""The reference receiver's store and log, as units: one transaction per delivery, many
writers and openers at once, and a log that never blocks or fails."""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from alfred_contracts.consumer.logs import LineSink, SinkHandler, routed
from alfred_contracts.consumer.store import Delivery, Store


def _event(event_id: str) -> Delivery:
    return Delivery(200, "accepted", b"{}", 2, "application/json", "job_start_event", event_id)


def test_a_redelivery_is_a_duplicate_and_both_tables_agree(tmp_path: Path) -> None:
    store = Store(tmp_path / "d.db")
    verdicts = [store.record(_event("e1")).verdict for _ in range(3)]
    assert verdicts == ["accepted", "duplicate", "duplicate"]
    assert store.record(Delivery(400, "refused", b"{", 1)).verdict == "refused"
    store.close()
    db = sqlite3.connect(tmp_path / "d.db")
    assert db.execute("SELECT event_id, deliveries FROM events").fetchall() == [("e1", 3)]
    assert db.execute("SELECT COUNT(*) FROM deliveries WHERE event_id = 'e1'").fetchone() == (3,)


def test_concurrent_redeliveries_are_accepted_exactly_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "d.db")
    verdicts: list[str] = []

    def send(number: int) -> None:
        for attempt in range(5):
            verdicts.append(store.record(_event(f"e{(number + attempt) % 10}")).verdict)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(verdicts).count("accepted") == 10
    assert len(verdicts) == 100
    assert store.counts() == {"accepted": 10, "duplicate": 90}
    store.close()


def test_an_in_memory_store_works_from_any_thread() -> None:
    store = Store()
    assert store.record(_event("e1")).id == 1
    assert store.deliveries()[0]["event_id"] == "e1"
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.record(_event("e2"))


def test_a_store_dropped_without_closing_ends_its_thread() -> None:
    store = Store()
    store.record(_event("e1"))
    thread = store._thread
    del store
    gc.collect()
    thread.join(timeout=10)
    assert not thread.is_alive()


OPEN = """
import sys, time
from alfred_contracts.consumer.store import Delivery, Store
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
store = Store(sys.argv[1])
store.record(Delivery(200, "handshake", b"{}", 2))
store.close()
"""


def test_processes_opening_one_new_database_at_once_all_succeed(tmp_path: Path) -> None:
    for trial in range(5):
        path = tmp_path / f"new{trial}.db"
        start = time.time() + 0.6  # every process is imported and waiting by then
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN, str(path), str(start)],
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(12)
        ]
        errors = [process.communicate(timeout=60)[1] for process in processes]
        assert [process.returncode for process in processes] == [0] * 12, errors
        count = sqlite3.connect(path).execute("SELECT COUNT(*) FROM deliveries").fetchone()
        assert count == (12,)


def test_threads_opening_one_new_database_at_once_all_succeed(tmp_path: Path) -> None:
    for trial in range(40):
        path = tmp_path / f"new{trial}.db"
        ready = threading.Barrier(12)
        failures: list[BaseException] = []

        def open_it(
            path: Path = path,
            ready: threading.Barrier = ready,
            failures: list[BaseException] = failures,
        ) -> None:
            ready.wait()
            try:
                Store(path).close()
            except sqlite3.Error as error:
                failures.append(error)

        threads = [threading.Thread(target=open_it) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == [], trial


def test_a_full_sink_drops_and_counts_without_waiting() -> None:
    read, write = os.pipe()  # a pipe nobody reads
    try:
        with os.fdopen(write, "w", closefd=False) as stream:
            sink = LineSink(stream, capacity=100)
            started = time.monotonic()
            for number in range(20_000):  # ~1 MB: far more than the pipe and the queue hold
                sink.put(f"line {number:>45}")
            assert time.monotonic() - started < 5
            assert sink.dropped > 10_000
            started = time.monotonic()
            sink.close(timeout=0.5)
            assert time.monotonic() - started < 3
    finally:
        os.close(read)  # the stalled writer gets EPIPE and stops
        os.close(write)


def test_the_next_line_written_says_how_many_were_dropped(tmp_path: Path) -> None:
    target = tmp_path / "log.txt"
    with open(target, "w") as stream:
        sink = LineSink(stream, capacity=1)
        gate = threading.Lock()
        sink._write = _blocked(sink._write, gate)  # type: ignore[method-assign]
        with gate:  # hold the writer: the queue fills, later lines are dropped
            for number in range(50):
                sink.put(f"line {number}")
            time.sleep(0.2)
        sink.put("after")
        sink.close()
    lines = target.read_text().splitlines()
    assert lines[0] == "line 0"
    assert any(line.startswith("... ") and "dropped" in line for line in lines)
    assert lines[-1] == "after"


def _blocked(write: object, gate: threading.Lock) -> object:
    def slow(line: str) -> None:
        with gate:
            write(line)  # type: ignore[operator]

    return slow


def test_a_closed_or_missing_stream_is_ignored(tmp_path: Path) -> None:
    stream = open(tmp_path / "log.txt", "w")  # noqa: SIM115
    sink = LineSink(stream)
    stream.close()
    sink.put("into a closed file")
    sink.close()
    assert sink.broken
    nowhere = LineSink(None)  # sys.stdout is None when the process started with fd 1 closed
    nowhere.put("nowhere")
    nowhere.close()
    assert nowhere.dropped == 1


def test_logging_is_routed_to_the_sink_one_escaped_line_a_record(tmp_path: Path) -> None:
    target = tmp_path / "log.txt"
    with open(target, "w") as stream:
        sink = LineSink(stream)
        with routed(sink):
            try:
                raise ValueError("bad\nvalue")
            except ValueError:
                logging.getLogger("uvicorn.error").exception("Exception in %s\x1b[2J", "app")
            logging.getLogger("alfred_contracts.consumer.receiver").info("client\ngone")
            logging.getLogger("uvicorn.error").info("not shown: below warning")
        sink.close()
    lines = target.read_text().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("error  Exception in app\\x1b[2J (ValueError: bad\\nvalue)")
    assert lines[1].endswith("info  client\\ngone")
    assert not logging.getLogger("uvicorn").handlers or not any(
        isinstance(handler, SinkHandler) for handler in logging.getLogger("uvicorn").handlers
    )
