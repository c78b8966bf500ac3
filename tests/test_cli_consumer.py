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

from conftest import ROOT

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
    from alfred_contracts.schema.catalog import Catalog
    from alfred_contracts.schema.ledger import load_all

    url, db, process = listener
    names = Catalog.load().names
    sent = cli("emit", url)  # by default: one of every event, in turn
    assert sent.returncode == 0, sent.stdout + sent.stderr
    lines = sent.stdout.splitlines()
    assert lines[0].startswith("ok  200  handshake")
    assert [line.split()[2] for line in lines[1:-1]] == names
    assert lines[-1] == (
        f"OK: all {len(names) + 1} answers are what the contract requires (handshake included)"
    )
    one = cli("emit", url, "--event", "job_start_event", "--count", "20")
    assert one.returncode == 0, one.stdout
    assert (
        sum(line.startswith("ok  200  job_start_event example") for line in one.stdout.splitlines())
        == 16
    )
    assert (
        sum(
            line.startswith("ok  200  job_start_event generated")
            for line in one.stdout.splitlines()
        )
        == 4
    )
    vendor = cli("emit", url, "--vendor-examples")
    assert vendor.returncode == 0, vendor.stdout
    assert "ok  422  job_start_event vendor example" in vendor.stdout
    documented = [b for b in load_all(ROOT / "contracts" / "vendor").values()
                  if b.documented_example is not None]  # fmt: skip
    assert vendor.stdout.count(" vendor example") == len(documented)
    printed = _stop(process).splitlines()  # the first line was read by the fixture
    verdicts = [line.split()[2] for line in printed]
    assert verdicts.count("handshake") == 3
    # the job_start_event example the first run sent is sent again: a duplicate
    assert verdicts.count("accepted") == len(names) + 20 - 1
    assert verdicts.count("duplicate") == 1
    refused = len(documented)  # every documented example breaks the strict contract somewhere
    assert verdicts.count("refused") == refused
    rows = (
        sqlite3.connect(db)
        .execute("SELECT verdict, COUNT(*) FROM deliveries GROUP BY verdict")
        .fetchall()
    )
    assert dict(rows) == {
        "handshake": 3,
        "accepted": len(names) + 19,
        "duplicate": 1,
        "refused": refused,
    }


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
    assert report["contract_failures"] == 0
    assert all(f["class"] == "advice" for f in report["findings"])
    # not a terminal: no progress display, so no second table; the summary line only
    assert done.stderr.splitlines() == [f"verifying {url} ...", done.stderr.splitlines()[-1]]
    assert done.stderr.strip().splitlines()[-1].startswith("OK: ")


def test_verify_consumer_fails_a_buggy_receiver_with_exit_1() -> None:
    from planted import planted

    with running(planted("refuses unknown fields")) as url:
        done = cli("verify-consumer", url, "--max-examples", "5")
    assert done.returncode == 1
    assert (
        "FAILED  [contract] edge cases: job_start_event: an unknown top-level field" in done.stdout
    )
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
        f"alfred-contracts: error: --port {port}: cannot listen on 127.0.0.1:{port}: "
        "Address already in use\n"
    )


def test_emit_one_event_by_name(listener: tuple[str, Path, subprocess.Popen[str]]) -> None:
    url, _db, _process = listener
    done = cli("emit", url, "--event", "job_start_event", "--count", "1")
    assert done.returncode == 0
    assert done.stdout.splitlines()[1].startswith("ok  200  job_start_event example ")
    unknown = cli("emit", url, "--event", "job_stop_event")
    assert unknown.returncode == 2
    assert "--event job_stop_event: unknown event (did you mean job_start_event?)" in (
        unknown.stderr
    )


def test_advice_is_printed_and_exits_0_unless_strict() -> None:
    from receivers import starlette_app

    with running(starlette_app()) as url:
        done = cli("verify-consumer", url, "--max-examples", "5")
        strict = cli("verify-consumer", url, "--max-examples", "5", "--strict")
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    assert "ADVICE  bad deliveries: a text/plain content type" in lines
    assert "  why:      answered 200 (4xx recommended): sent with Content-Type: text/plain, " \
        "but Alfred always sends Content-Type: application/json" in lines  # fmt: skip
    assert "FAILED" not in done.stdout
    assert lines[-1].startswith("OK: no contract failure in ")
    assert "; 3 advice (" in lines[-1]
    assert strict.returncode == 1
    assert "FAILED  [advice] bad deliveries: a text/plain content type" in strict.stdout
    assert strict.stdout.splitlines()[-1].startswith("FAIL: 0 contract failures in ")


def test_the_run_budget_is_an_option_and_a_finding(tmp_path: Path) -> None:
    import json as json_module
    import time

    from rawserver import answer, serving

    def slow(conn: object, body: bytes, stop: object) -> None:
        time.sleep(0.3)
        answer(conn, "400 Bad Request", b"{}")  # type: ignore[arg-type]

    with serving(slow) as url:  # type: ignore[arg-type]
        done = cli("verify-consumer", url, "--budget", "1", "--format", "json")
    assert done.returncode == 1, done.stderr
    report = json_module.loads(done.stdout)
    assert report["status"] == "fail"
    assert "the run's budget of 1 s (--budget) ran out" in report["aborted"]
    run = report["findings"][-1]
    assert (run["class"], run["crash"], run["group"]) == ("contract", False, "run")


def _screen(raw: bytes) -> list[str]:
    """What a terminal shows for ``raw``: each line after its last carriage return (the
    live progress line rewrites one line in place and erases it at the end)."""
    text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
    return [line.split("\r")[-1].replace("\x1b[K", "") for line in text.split("\n")]


def test_one_results_table_on_a_terminal() -> None:
    import os
    import pty

    from planted import planted

    with running(planted("refuses unknown fields")) as url:
        main, child = pty.openpty()
        process = subprocess.Popen(
            [CLI, "verify-consumer", url, "--max-examples", "5"],
            stdin=child, stdout=child, stderr=child, close_fds=True,
        )  # fmt: skip
        os.close(child)
        raw = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            raw += chunk
        os.close(main)
        assert process.wait(timeout=120) == 1
    assert b"\r\x1b[K  [" in raw  # the live progress line was there while it ran
    screen = _screen(raw)
    assert screen[0] == f"verifying {url} ..."
    assert screen[1].startswith(f"verify-consumer {url}  (seed 0, max-examples 5)")
    for group in ("handshake", "edge cases", "bad deliveries", "liveness", "fuzzing (negative)"):
        rows = [line for line in screen if line.startswith(f"  {group} ")]
        assert len(rows) == 1, (group, rows)
    assert not any("  [" in line and "] " in line and "failed," in line for line in screen)
    assert screen[-2].startswith("FAIL: ")
