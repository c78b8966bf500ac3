"""Bad input through the installed console script: violations and exit codes, no tracebacks."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from alfred_contracts.report import validation as report
from alfred_contracts.validation import loader, pipeline
from alfred_contracts.validation.checker import Checker

from conftest import EXAMPLES

COMPACT = (EXAMPLES / "job_start_event" / "compact_one_line.json").read_bytes().strip()
CLI = shutil.which("alfred-contracts", path=str(Path(sys.executable).parent)) or "alfred-contracts"


def cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, *args],
        input=stdin.decode("latin-1"),
        capture_output=True,
        text=True,
        timeout=120,
        encoding="latin-1",
    )


CASES = {
    "truncated.json": (COMPACT[:80], "truncated JSON"),
    "empty.json": (b"", "empty document"),
    "invalid_utf8.json": (
        COMPACT.replace(b"Innovate", b"Innov\xe0te"),
        "not valid UTF-8: byte 0xE0",
    ),
    "bom.json": (b"\xef\xbb\xbf" + COMPACT, "byte-order mark"),
    "nan.json": (COMPACT.replace(b"1685143800", b"NaN"), "NaN and Infinity"),
    "duplicate.json": (
        COMPACT.replace(b'"job_id"', b'"job_id":"x","job_id"'),
        "appears more than once",
    ),
    "deep.json": (b'{"event": ' * 200_000 + b"1" + b"}" * 200_000, "nested deeper than 1024"),
    "garbage.json": (COMPACT + b"\nextra", "unexpected content after the JSON document at line 2"),
    "array.json": (b"[" + COMPACT + b"]", "expected a JSON object"),
    "huge_string.json": (COMPACT.replace(b"Innovate Logistics", b"x" * (50 * 1024 * 1024)), None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_a_violation_never_a_crash(tmp_path: Path, name: str) -> None:
    body, fragment = CASES[name]
    path = tmp_path / name
    path.write_bytes(body)
    done = cli("validate", str(path))
    assert "Traceback" not in done.stderr
    assert done.stderr == ""
    if fragment is None:  # a valid event with a 50 MB company name
        assert done.returncode == 0, done.stdout[-500:]
        return
    assert done.returncode == 1
    assert fragment in done.stdout
    assert len(done.stdout) < 2000


def test_a_broken_ndjson_line_is_reported_and_the_rest_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "capture.ndjson"
    bad_uuid = COMPACT.replace(b"e91d6c28-4a7f", b"e91d6c28-4a7g")
    path.write_bytes(
        b"\n".join([COMPACT, b'{"event_id": "x",', COMPACT, bad_uuid, b"\xff\xfe", COMPACT])
    )
    done = cli("validate", str(path))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{path}:2: truncated JSON")
    assert lines[1].startswith(f"{path}:4:/event/job_id: ")
    assert lines[2].startswith(f"{path}:5: not valid UTF-8")
    assert lines[3:5] == ["", "Violations by rule (2 rules, most frequent first):"]
    assert lines[5:7] == ["  2 violations in 2 events: json", f"    at {path}:2, {path}:5"]
    assert lines[7].startswith("    e.g. truncated JSON")
    assert lines[8].startswith("  1 violation in 1 event: format at job_start_event#/")
    assert lines[9] == f"    at {path}:4"
    assert lines[-1] == "FAIL: 3 of 6 events invalid, 3 violations in 1 source (profile strict)"


def test_stdin_through_the_console_script() -> None:
    done = cli("validate", "-", stdin=COMPACT + b"\n{oops}\n")
    assert done.returncode == 1
    assert done.stdout.startswith("<stdin>:2: invalid JSON at column 2")


def test_missing_path_is_exit_2_one_line(tmp_path: Path) -> None:
    done = cli("validate", str(tmp_path / "nope.json"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "no such file or directory" in done.stderr


def test_whole_pipeline_memory_is_flat_on_a_large_capture(tmp_path: Path) -> None:
    path = tmp_path / "big.ndjson"
    invalid = COMPACT.replace(b"1685143800", b'"1685143800"')
    with path.open("wb") as handle:
        for _ in range(30):
            handle.write((COMPACT + b"\n") * 1900 + invalid + b"\n")
    checker = Checker(profile="strict")
    out = io.StringIO()
    tracemalloc.start()
    summary = pipeline.run(loader.discover([str(path)]), checker, report.create("json", out))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (summary.checked, summary.invalid) == (57_030, 30)
    assert peak < 8 * 1024 * 1024, peak
