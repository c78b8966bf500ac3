"""Bounded runs: however a receiver behaves, verify-consumer reads a bounded answer,
gives each request a deadline a trickle cannot stretch, and stops at its run budget,
each time with a finding. Real sockets, servers on port 0; margins are generous."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from alfred_contracts.consumer import clients
from alfred_contracts.consumer.clients import MAX_ANSWER, Unreachable
from alfred_contracts.consumer.probes import Request
from alfred_contracts.consumer.runner import Finding
from alfred_contracts.consumer.verify import verify
from rawserver import answer, serving, trickle

GIB = 1024**3
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"


def _endless(conn: socket.socket, body: bytes, stop: threading.Event) -> None:
    """Announces 5 GiB and streams it as fast as the client reads."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
    conn.sendall(f"Content-Length: {5 * GIB}\r\n\r\n".encode())
    chunk = b"x" * 65536
    for _ in range(5 * GIB // len(chunk)):
        if stop.is_set():
            return
        conn.sendall(chunk)


def _trickled_head(conn: socket.socket, body: bytes, stop: threading.Event) -> None:
    trickle(conn, HEAD + b"{}" * 500, stop)


def _trickled_body(conn: socket.socket, body: bytes, stop: threading.Event) -> None:
    conn.sendall(HEAD)
    trickle(conn, b"{}" * 500, stop)


def _never_reads(conn: socket.socket, body: bytes, stop: threading.Event) -> None:
    stop.wait(60)


def _rss() -> int:
    """This process's resident set size in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def _peak_growth() -> Iterator[list[int]]:
    """Samples the RSS every 20 ms; yields a list that ends up holding the peak growth."""
    base, peak, done = _rss(), [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _rss() - base)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        done.set()
        thread.join()
        peak[0] = max(peak[0], _rss() - base)


needs_proc = pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc")


def test_an_answer_is_read_up_to_the_cap_and_no_further() -> None:
    with serving(_endless) as url:
        client = clients.for_url(url, timeout=20)
        try:
            started = time.monotonic()
            response = client.send(Request(b"{}"))
        finally:
            client.close()
    assert response.truncated
    assert len(response.body) == MAX_ANSWER
    assert time.monotonic() - started < 15


@pytest.mark.parametrize(
    "handler", [_trickled_head, _trickled_body], ids=["trickled headers", "trickled body"]
)
def test_a_trickling_answer_cannot_stretch_the_deadline(handler: object) -> None:
    with serving(handler) as url:  # type: ignore[arg-type]
        client = clients.for_url(url, timeout=2)
        started = time.monotonic()
        with pytest.raises(Unreachable, match=r"no answer from .* within 2 s"):
            client.send(Request(b"{}"))
        took = time.monotonic() - started
        client.close()
    assert took < 10, took  # one byte a second arrives in time for every single read


def test_a_receiver_that_never_reads_cannot_hold_the_upload() -> None:
    with serving(_never_reads, read_body=False) as url:
        client = clients.for_url(url, timeout=2)
        started = time.monotonic()
        with pytest.raises(Unreachable, match="within 2 s"):
            client.send(Request(b"x" * (64 * 1024 * 1024)))
        took = time.monotonic() - started
        client.close()
    assert took < 10, took


@needs_proc
def test_a_run_against_an_endless_answer_stays_small_and_ends() -> None:
    with serving(_endless) as url, _peak_growth() as growth:
        client = clients.for_url(url, timeout=20)
        try:
            started = time.monotonic()
            report = verify(client, max_examples=0, budget=120)
            took = time.monotonic() - started
        finally:
            client.close()
    assert report.aborted is None
    assert len(report.outcomes) > 100
    assert all(o.status == 200 for o in report.outcomes)
    cut = [o for o in report.outcomes if "longer than 1024 KiB and was cut" in o.message]
    assert len(cut) == len(report.outcomes)
    passed_but_long = [o for o in cut if o.kind is Finding.ADVICE]
    assert passed_but_long  # a right status with a long answer is advice
    assert growth[0] < 150 * 1024 * 1024, f"RSS grew by {growth[0] / 2**20:.0f} MiB"
    assert took < 100, took


def _handshake_then(handler: object, answers: int) -> object:
    """A receiver that echoes the first ``answers`` requests' challenge, then ``handler``."""
    count = [0]

    def serve(conn: socket.socket, body: bytes, stop: threading.Event) -> None:
        count[0] += 1
        if count[0] > answers:
            handler(conn, body, stop)  # type: ignore[operator]
            return
        challenge = json.loads(body).get("challenge")
        answer(conn, "200 OK", json.dumps({"challenge": challenge}).encode())

    return serve


def test_a_receiver_that_starts_trickling_is_a_crash_and_the_run_stops() -> None:
    with serving(_handshake_then(_trickled_body, 2)) as url:  # type: ignore[arg-type]
        client = clients.for_url(url, timeout=1)
        started = time.monotonic()
        try:
            report = verify(client, max_examples=0)
        finally:
            client.close()
        took = time.monotonic() - started
    assert [o.passed for o in report.outcomes[:2]] == [True, True]
    crashes = report.outcomes[2:]
    assert len(crashes) == 3
    assert all(o.kind is Finding.CRASH and "within 1 s" in o.message for o in crashes)
    assert report.aborted is not None
    assert "stopped answering" in report.aborted
    assert report.aborted_as is Finding.CRASH
    assert not report.ok
    assert took < 30, took


def _slow(conn: socket.socket, body: bytes, stop: threading.Event) -> None:
    stop.wait(0.25)
    answer(conn, "400 Bad Request", b'{"error": "slow and wrong"}')


def test_the_run_budget_ends_a_slow_run_with_a_finding() -> None:
    with serving(_slow) as url:
        client = clients.for_url(url, timeout=5)
        started = time.monotonic()
        try:
            report = verify(client, max_examples=0, budget=2)
        finally:
            client.close()
        took = time.monotonic() - started
    assert report.aborted is not None
    assert "budget of 2 s (--budget) ran out" in report.aborted
    assert report.aborted_as is Finding.CONTRACT
    assert not report.ok
    assert 2 <= len(report.outcomes) < 20
    assert took < 15, took  # the request in flight is cut at the budget too
