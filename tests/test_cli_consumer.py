"""`listen`, `emit` and `verify-consumer` as real processes talking over real sockets."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers import await_listener, closed_port, running

CLI = shutil.which("alfred-contracts", path=str(Path(sys.executable).parent)) or "alfred-contracts"


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    db = tmp_path / "deliveries.db"
    process = subprocess.Popen(
        [CLI, "listen", "--port", "0", "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        url, line = await_listener(process)
        assert line == f"Listening on {url}; deliveries stored in {db}. Ctrl-C to stop.\n"
        yield url, db, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    out, _err = process.communicate(timeout=10)
    return out


def test_emit_and_listen_work_together(listener: tuple[str, Path, subprocess.Popen[str]]) -> None:
    url, db, process = listener
    sent = cli("emit", url, "--count", "20")
    assert sent.returncode == 0, sent.stdout + sent.stderr
    lines = sent.stdout.splitlines()
    assert lines[0].startswith("ok  200  handshake")
    assert sum(line.startswith("ok  200  job_start_event example") for line in lines) == 16
    assert sum(line.startswith("ok  200  job_start_event generated") for line in lines) == 4
    assert lines[-1] == "OK: all 21 answers are what the contract requires (handshake included)"
    vendor = cli("emit", url, "--vendor-examples")
    assert vendor.returncode == 0, vendor.stdout
    assert "ok  422  job_start_event vendor example" in vendor.stdout
    printed = _stop(process).splitlines()  # the first line was read by the fixture
    verdicts = [line.split()[2] for line in printed]
    assert verdicts.count("handshake") == 2
    assert verdicts.count("accepted") == 20
    assert verdicts.count("refused") == 1
    rows = (
        sqlite3.connect(db)
        .execute("SELECT verdict, COUNT(*) FROM deliveries GROUP BY verdict")
        .fetchall()
    )
    assert dict(rows) == {"handshake": 2, "accepted": 20, "refused": 1}


def test_verify_consumer_passes_the_reference_receiver_process(
    listener: tuple[str, Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    url, _db, _process = listener
    done = cli("verify-consumer", url, "--format", "json", "--output", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["status"] == "ok"
    assert report["failed"] == 0
    assert report["probes"] > 200
    assert report["settings"] == {"seed": 0, "max-examples": 50}
    assert "fuzzing (negative)" in done.stderr  # the progress display
    assert done.stderr.strip().splitlines()[-1].startswith("OK: all ")


def test_verify_consumer_fails_a_buggy_receiver_with_exit_1() -> None:
    from planted import planted

    with running(planted("refuses unknown fields")) as url:
        done = cli("verify-consumer", url, "--max-examples", "5")
    assert done.returncode == 1
    assert "FAILED  edge cases: job_start_event: an unknown top-level field" in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("FAIL: ")


def test_a_receiver_that_is_down_is_exit_2_with_one_line() -> None:
    with closed_port() as port:
        url = f"http://127.0.0.1:{port}/webhook"
        done = cli("verify-consumer", url)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1] == (
        f"alfred-contracts: error: cannot reach {url}: connection refused "
        "(is the receiver running?); nothing was verified"
    )


def test_a_receiver_that_times_out_is_exit_2() -> None:
    import asyncio

    async def slow(scope: dict[str, object], receive: object, send: object) -> None:
        await asyncio.sleep(5)

    with running(slow) as url:
        done = cli("verify-consumer", url, "--timeout", "0.5")
    assert done.returncode == 2
    assert "no answer from" in done.stderr
    assert "within 0.5 s" in done.stderr


def test_emit_to_nowhere_is_exit_2() -> None:
    with closed_port() as port:
        done = cli("emit", f"http://127.0.0.1:{port}/webhook")
    assert done.returncode == 2
    assert "connection refused" in done.stderr


@pytest.mark.parametrize(
    "args",
    [["verify-consumer", "not-a-url"], ["emit", "ftp://x"], ["emit", "http://x", "--count", "0"]],
)
def test_usage_errors_are_exit_2(args: list[str]) -> None:
    done = cli(*args)
    assert done.returncode == 2
    assert done.stderr.startswith("alfred-contracts: error: ")


def test_listen_on_a_taken_port_is_exit_2_with_one_line(
    listener: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    url, _db, _process = listener
    port = url.split(":")[2].split("/")[0]
    done = cli("listen", "--port", port, timeout=30)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"alfred-contracts: error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )


def test_emit_one_event_by_name(listener: tuple[str, Path, subprocess.Popen[str]]) -> None:
    url, _db, _process = listener
    done = cli("emit", url, "--event", "job_start_event", "--count", "1")
    assert done.returncode == 0
    assert done.stdout.splitlines()[1].startswith("ok  200  job_start_event example ")
    unknown = cli("emit", url, "--event", "job_stop_event")
    assert unknown.returncode == 2
    assert "unknown event 'job_stop_event'" in unknown.stderr
