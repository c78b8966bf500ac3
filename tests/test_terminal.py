"""``validate`` at a terminal (a pseudo-terminal here): it says it reads standard input,
one Ctrl-D ends the input, and a live progress line shows on stderr, never when stderr is
redirected."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alfred_contracts.cli.validate import STDIN_NOTICE

from conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

CLI = shutil.which("alfred-contracts", path=str(Path(sys.executable).parent)) or "alfred-contracts"
COMPACT = (ROOT / "contracts/examples/job_start_event/compact_one_line.json").read_bytes().strip()
EOF = b"\x04"  # Ctrl-D


class Terminal:
    """A pseudo-terminal: the child gets its side, the test reads and types on the other."""

    def __init__(self) -> None:
        self.master, self.slave = pty.openpty()
        self.seen = b""

    def start(self, *args: str, **streams: object) -> subprocess.Popen[bytes]:
        process = subprocess.Popen([CLI, *args], **streams)  # type: ignore[call-overload]
        os.close(self.slave)  # the child holds it now: its exit ends our reads
        return process  # type: ignore[no-any-return]

    def read_until(self, wanted: bytes, timeout: float = 60) -> bytes:
        deadline = time.monotonic() + timeout
        while wanted not in self.seen and time.monotonic() < deadline:
            if not self._read(0.1):
                break
        return self.seen

    def drain(self, process: subprocess.Popen[bytes], timeout: float = 60) -> int:
        """Read until ``process`` exits (waiting at most ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.1)
            if process.poll() is not None:
                while self._read(0.05):
                    pass
                return process.returncode
        process.kill()
        process.wait()
        raise AssertionError(f"still running after {timeout} s; terminal: {self.seen!r}")

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the child side is closed
            return False
        self.seen += data
        return bool(data)

    def close(self) -> None:
        os.close(self.master)


@pytest.fixture
def terminal() -> object:
    made = Terminal()
    yield made
    made.close()


@pytest.mark.parametrize(
    ("typed", "code", "summary"),
    [
        (COMPACT + b"\n", 0, b"OK: 1 event checked"),
        (COMPACT + b"\n" + COMPACT + b"\n", 0, b"OK: 2 events checked"),
        (b"", 1, b"empty document"),  # Ctrl-D straight away
        (b"\n\n", 1, b"empty document"),  # blank lines, then Ctrl-D
        (b"{\n" + COMPACT[1:] + b"\n", 0, b"OK: 1 event checked"),  # pretty-printed
    ],
    ids=["one-line", "two-lines", "nothing", "blank-lines", "pretty-printed"],
)
def test_stdin_on_a_terminal_says_so_and_one_ctrl_d_ends_it(
    terminal: Terminal, typed: bytes, code: int, summary: bytes
) -> None:
    process = terminal.start(
        "validate", stdin=terminal.slave, stderr=terminal.slave, stdout=subprocess.PIPE
    )
    seen = terminal.read_until(STDIN_NOTICE.encode())
    assert STDIN_NOTICE.encode() in seen
    os.write(terminal.master, typed + EOF)  # one Ctrl-D, at the start of a line
    assert terminal.drain(process) == code
    assert process.stdout is not None
    assert summary in process.stdout.read()


def test_no_notice_when_stdin_is_not_a_terminal() -> None:
    done = subprocess.run(
        [CLI, "validate", "-"], input=COMPACT + b"\n", capture_output=True, timeout=120
    )
    assert done.returncode == 0
    assert done.stderr == b""


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    path = tmp_path / "capture.ndjson"
    path.write_bytes((COMPACT + b"\n") * 3000)
    return path


def test_progress_shows_on_a_terminal_and_is_erased(
    terminal: Terminal, capture: Path, tmp_path: Path
) -> None:
    with (tmp_path / "report.txt").open("wb") as report:
        process = terminal.start(
            "validate", str(capture), "--jobs", "1",
            stdin=subprocess.DEVNULL, stdout=report, stderr=terminal.slave,
        )  # fmt: skip
        assert terminal.drain(process) == 0
    seen = terminal.seen
    assert re.search(rb"\r\x1b\[Kchecked [\d,]+ events \([\d.]+ MB of 1\.2 MB\)", seen), seen
    assert seen.endswith(b"\r\x1b[K"), seen  # erased at the end
    assert b"OK: 3000 events checked" in (tmp_path / "report.txt").read_bytes()


def test_progress_counts_invalid_events_and_gives_way_to_the_report(
    terminal: Terminal, tmp_path: Path
) -> None:
    capture = tmp_path / "bad.ndjson"
    capture.write_bytes(COMPACT + b"\n{oops\n")
    process = terminal.start(
        "validate", str(capture), "--jobs", "1",
        stdin=subprocess.DEVNULL, stdout=terminal.slave, stderr=terminal.slave,
    )  # fmt: skip
    assert terminal.drain(process) == 1
    shown = terminal.seen.decode()
    assert "checked 2 events" in shown
    report = shown.split("\r\x1b[K")[-1]  # the report follows the last erasure, whole
    assert "FAIL: 1 of 2 events invalid" in report


@pytest.mark.parametrize("redirect", ["pipe", "file"])
def test_no_progress_when_stderr_is_redirected(
    capture: Path, tmp_path: Path, redirect: str
) -> None:
    errors = tmp_path / "errors.txt"
    with errors.open("wb") as sink:
        done = subprocess.run(
            [CLI, "validate", str(capture)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if redirect == "pipe" else sink,
            timeout=120,
        )
    assert done.returncode == 0
    assert (done.stderr if redirect == "pipe" else errors.read_bytes()) == b""
