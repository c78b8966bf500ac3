"""`alfred-contracts listen` under faults, as a real process on a real socket and SQLite
file: killed mid-stream, a stdout nobody reads or that is closed, slow and vanishing
clients, a large store listed, several listeners started at once."""

from __future__ import annotations

import json
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from servers import await_listener

from conftest import EXAMPLES

CLI = shutil.which("alfred-contracts", path=str(Path(sys.executable).parent)) or "alfred-contracts"
GOOD = json.loads((EXAMPLES / "job_start_event" / "integer_event_time.json").read_text())
JSON = {"content-type": "application/json"}

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _event(event_id: str | None = None) -> tuple[str, bytes]:
    event_id = event_id or str(uuid.uuid4())
    return event_id, json.dumps({**GOOD, "event_id": event_id}).encode()


@dataclass
class Listener:
    process: subprocess.Popen[str]
    url: str
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.url.rsplit("/", 1)[0]

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])

    def memory(self, key: str = "VmRSS") -> int:
        """Resident memory (or its peak, VmHWM) in KiB."""
        with open(f"/proc/{self.process.pid}/status") as status:
            line = next(line for line in status if line.startswith(key + ":"))
        return int(line.split()[1])

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=30)


def _start(db: Path, *options: str, read: bool = True) -> Listener:
    process = subprocess.Popen(
        [CLI, "listen", "--port", "0", "--db", str(db), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url, _line = await_listener(process)
    listener = Listener(process, url)
    if read:  # otherwise nobody reads what it prints
        for stream, into in ((process.stdout, listener.out), (process.stderr, listener.err)):
            threading.Thread(target=into.extend, args=(stream,), daemon=True).start()
    return listener


@contextmanager
def listening(db: Path, *options: str, read: bool = True) -> Iterator[Listener]:
    listener = _start(db, *options, read=read)
    try:
        yield listener
    finally:
        if listener.process.poll() is None:
            listener.process.kill()
            listener.process.wait(timeout=10)


@dataclass
class Current:
    """The listener now running, and how many times it was restarted."""

    listener: Listener
    generation: int = 0

    def after(self, generation: int) -> Callable[[], bool]:
        return lambda: self.generation != generation


def test_kill_9_at_random_points_loses_no_acknowledged_delivery(tmp_path: Path) -> None:
    seed = random.randrange(1 << 32)
    rng = random.Random(seed)
    db = tmp_path / "deliveries.db"
    current = Current(_start(db))
    changed = threading.Condition()
    answers: dict[str, list[str]] = defaultdict(list)
    events: list[str] = []
    enough = threading.Event()

    def send() -> None:
        with httpx.Client(timeout=10) as client:
            while not enough.is_set():
                event_id, body = _event()
                events.append(event_id)
                while True:  # as Alfred does: retry until acknowledged
                    with changed:
                        listener, generation = current.listener, current.generation
                    try:
                        answer = client.post(listener.url, content=body, headers=JSON)
                    except httpx.TransportError:
                        answers[event_id].append("no answer")
                        with changed:
                            changed.wait_for(current.after(generation), 30)
                        continue
                    answers[event_id].append(f"{answer.status_code} {answer.json()['status']}")
                    break

    senders = [threading.Thread(target=send) for _ in range(8)]
    for sender in senders:
        sender.start()
    for _ in range(20):
        time.sleep(rng.uniform(0.02, 0.2))
        current.listener.process.kill()
        current.listener.process.wait(timeout=10)
        restarted = _start(db)
        with changed:
            current.listener, current.generation = restarted, current.generation + 1
            changed.notify_all()
    time.sleep(0.2)
    enough.set()
    for sender in senders:
        sender.join(timeout=120)
    current.listener.stop()

    why = f"(random seed {seed})"
    retried = [event_id for event_id, seen in answers.items() if "no answer" in seen]
    assert retried, f"no kill hit a delivery in flight {why}"
    database = sqlite3.connect(db)
    rows: dict[str, list[str]] = defaultdict(list)
    for event_id, verdict in database.execute(
        "SELECT event_id, verdict FROM deliveries ORDER BY id"
    ):
        rows[event_id].append(verdict)
    seen = dict(database.execute("SELECT event_id, deliveries FROM events"))
    for event_id in events:
        stored, said = rows[event_id], answers[event_id]
        assert said[-1] in ("200 accepted", "200 duplicate"), (event_id, said, why)
        # the first delivery stored is the accepted one: a retry never became a duplicate
        # of a delivery that was lost
        assert stored[:1] == ["accepted"], (said, stored, why)
        assert stored.count("accepted") == 1, (said, stored, why)
        assert len(stored) >= sum(a.startswith("200") for a in said), (said, stored, why)
        assert seen[event_id] == len(stored), (said, stored, why)  # both tables, or neither


def test_a_stdout_nobody_reads_holds_up_nothing(tmp_path: Path) -> None:
    db = tmp_path / "deliveries.db"
    with listening(db, read=False) as listener:  # its stdout and stderr pipes fill up
        with httpx.Client(timeout=10) as client:
            for _ in range(1500):  # ~100 KiB of lines: more than a pipe holds
                assert client.post(listener.url, content=_event()[1], headers=JSON).is_success
            assert client.get(listener.base + "/health").json() == {"status": "ok"}
        started = time.monotonic()
        assert listener.stop(signal.SIGTERM) == -signal.SIGTERM
        assert time.monotonic() - started < 20
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM deliveries").fetchone() == (1500,)


def test_a_closed_stdout_is_ignored_and_every_delivery_answered(tmp_path: Path) -> None:
    db = tmp_path / "deliveries.db"
    with listening(db, read=False) as listener:
        assert listener.process.stdout is not None
        listener.process.stdout.close()  # its next line meets a broken pipe
        with httpx.Client(timeout=10) as client:
            answers = [
                client.post(listener.url, content=_event()[1], headers=JSON).status_code
                for _ in range(30)
            ]
        assert answers == [200] * 30
        assert listener.stop() in (130, -signal.SIGINT)
        assert listener.process.stderr is not None
        assert "Traceback" not in listener.process.stderr.read()


def _trickle(port: int, start: bytes, pause: float = 0.2) -> tuple[bytes, float]:
    """Send ``start``, then (unless it is empty: an idle connection) a byte every ``pause``
    seconds; what the server answered (b"" when it only closed) and after how long."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(start)
        began = time.monotonic()
        sock.settimeout(pause)
        while time.monotonic() - began < 30:
            try:
                return sock.recv(4096), time.monotonic() - began
            except TimeoutError:
                pass
            try:
                sock.sendall(b"x" if start else b"")
            except OSError:
                break
        return b"", time.monotonic() - began


def test_slow_and_vanishing_clients_are_cut_while_others_are_served(tmp_path: Path) -> None:
    db = tmp_path / "deliveries.db"
    with listening(db, "--timeout", "1") as listener:
        found: dict[str, tuple[bytes, float]] = {}
        starts = {
            "headers": b"POST /webhook HTTP/1.1\r\nhost: x\r\nx-slow: ",
            "body": b"POST /webhook HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
            b"content-length: 100000\r\n\r\n{",
            "idle": b"",
        }
        trickling = [
            threading.Thread(target=lambda k=k, v=v: found.update({k: _trickle(listener.port, v)}))
            for k, v in starts.items()
        ]
        for thread in trickling:
            thread.start()
        with httpx.Client(timeout=10) as client:  # served meanwhile
            for _ in range(20):
                assert client.post(listener.url, content=_event()[1], headers=JSON).is_success
        for thread in trickling:
            thread.join(timeout=60)
        assert found["headers"][0].startswith(b"HTTP/1.1 408 "), found
        assert found["body"][0].startswith(b"HTTP/1.1 408 "), found
        assert found["idle"][0] == b"", found
        assert all(after < 15 for _answer, after in found.values()), found
        for _ in range(50):  # clients that give up half-way through a body
            with socket.create_connection(("127.0.0.1", listener.port)) as sock:
                sock.sendall(starts["body"] + b"x" * 1000)
        time.sleep(0.5)
        with httpx.Client(timeout=10) as client:
            assert client.get(listener.base + "/health").is_success
        listener.stop()
    assert not any("Traceback" in line for line in listener.err), listener.err
    assert 0 < len(listener.err) <= 52, listener.err  # one line each at most
    rows = sqlite3.connect(db).execute("SELECT COUNT(*) FROM deliveries").fetchone()
    assert rows == (20,)  # a request that never arrived whole is not stored


def test_listing_a_large_store_streams_in_bounded_memory(tmp_path: Path) -> None:
    from alfred_contracts.consumer.store import Delivery, Store

    db = tmp_path / "deliveries.db"
    store = Store(db)
    body = b"x" * (1024 * 1024)
    for _ in range(100):  # 100 MiB of stored bodies
        store.record(Delivery(415, "refused", body, len(body), "text/plain"))
    store.close()
    with listening(db) as listener:
        before = listener.memory()
        chunks: list[bytes] = []
        listing_url = listener.base + "/deliveries?limit=1000"
        with httpx.Client(timeout=30) as client, client.stream("GET", listing_url) as answer:
            for chunk in answer.iter_bytes():
                if not chunks:  # the server answers others while it streams
                    assert client.get(listener.base + "/health").is_success
                chunks.append(chunk)
        grew = (listener.memory("VmHWM") - before) // 1024
    assert grew < 64, f"RSS grew by {grew} MiB while listing 100 MiB of bodies"
    listing = json.loads(b"".join(chunks))
    assert len(listing["deliveries"]) == 100
    assert all(item["body_truncated"] for item in listing["deliveries"])
    assert {len(item["body"]) for item in listing["deliveries"]} == {64 * 1024}


def test_listeners_started_at_once_on_a_new_database_all_come_up(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    processes = [
        subprocess.Popen(
            [CLI, "listen", "--port", "0", "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    try:
        urls = [await_listener(process)[0] for process in processes]
        _id, body = _event()
        hostile = {**JSON, "host": "evil.example"}
        with httpx.Client(timeout=10) as client:  # one store: the first answer accepts
            answers = [client.post(url + "/", content=body, headers=hostile) for url in urls]
        assert sorted(a.json()["status"] for a in answers) == ["accepted"] + ["duplicate"] * 3
        assert not any("location" in answer.headers for answer in answers)
    finally:
        for process in processes:
            process.kill()
            process.wait(timeout=10)
