"""Hostile inputs end in a verdict or one line, never in a hang, a traceback or a side effect."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CLI = [sys.executable, "-m", "alfred_contracts"]
SCHEMA = "schemas/job_start_event.schema.json"


def run(*args: str, cwd: Path = ROOT, stdin: object = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=120, stdin=stdin
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def test_a_git_side_that_looks_like_an_option_never_reaches_git(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "x:./schemas" / "job_start_event.schema.json"
    spec = f"--output={tmp_path / 'out' / 'x'}:{SCHEMA}"
    done = run("diff", "--", spec, SCHEMA)
    assert "cannot start with '-'" in one_line_error(done)
    assert not target.exists()
    assert list((tmp_path / "out").iterdir()) == []


def test_an_endless_standard_input_ends_in_a_verdict() -> None:
    with open("/dev/zero", "rb") as zeros:
        done = run("validate", "-", stdin=zeros)
    assert done.returncode == 1, done.stderr
    assert "the rest of the input was not read" in done.stdout


def test_an_endless_line_after_good_ones_ends_in_a_verdict(tmp_path: Path) -> None:
    event = json.loads((ROOT / SCHEMA).read_text())["examples"][0]
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer: one good line, then zeros for ever (until the pipe closes)
        os.close(reader)
        try:
            os.write(writer, (json.dumps(event) + "\n").encode())
            block = b"\0" * 65536
            while True:
                os.write(writer, block)
        except OSError:
            os._exit(0)
    os.close(writer)
    try:
        with os.fdopen(reader, "rb") as stream:
            done = run("validate", "-", stdin=stream)
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    assert done.returncode == 1, done.stderr
    assert "<stdin>:2: document is over the 128 MiB limit" in done.stdout


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"$ref": "#"}, {"type": "string"}),
        (
            {"type": "object", "properties": {"a": {"$ref": "#"}}},
            {
                "$ref": "#/$defs/x",
                "$defs": {"x": {"$ref": "#/$defs/y"}, "y": {"$ref": "#/$defs/x"}},
            },
        ),
    ],
)
def test_reference_cycles_are_judged_or_named_in_one_line(
    tmp_path: Path, old: object, new: object
) -> None:
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    done = run("diff", "old.json", "new.json", cwd=tmp_path)
    assert done.returncode in (1, 2), done
    assert "internal error" not in done.stderr
    assert "Traceback" not in done.stderr


def test_files_without_id_reference_each_other_by_path(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(
        {"type": "object", "properties": {"n": {"$ref": "b.json"}}}))  # fmt: skip
    (tmp_path / "b.json").write_text(json.dumps({"type": "integer"}))
    (tmp_path / "c.json").write_text(json.dumps(
        {"type": "object", "properties": {"n": {"$ref": "d.json"}}}))  # fmt: skip
    (tmp_path / "d.json").write_text(json.dumps({"type": "number"}))
    done = run("diff", "--format", "json", "a.json", "c.json", cwd=tmp_path)
    verdict = json.loads(done.stdout)
    assert (verdict["backward"], verdict["forward"]) == (True, False), done.stderr


def test_a_spooled_report_is_replayed_whole_when_a_chunk_splits_a_character() -> None:
    import io

    from alfred_contracts.report.validation import JsonReporter

    reporter = JsonReporter(io.StringIO())
    text = "a" * ((1 << 20) - 1) + "é" + "ü" * 1000  # byte 2**20 falls inside "é"
    reporter.spool.write(text.encode())
    out = io.StringIO()
    reporter.replay(out)
    assert out.getvalue() == text


def test_commands_act_on_the_project_around_the_current_folder(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for command in (["gate"], ["release"], ["generate", "--check"]):
        done = run(*command, cwd=outside)
        assert "no schemas/ folder in" in one_line_error(done), command
    project = tmp_path / "project"
    for folder in ("schemas", "contracts"):
        shutil.copytree(ROOT / folder, project / folder)
    deeper = project / "contracts" / "examples"
    done = run("gate", "--skip", "docs build", "--skip", "generated artefacts", cwd=deeper)
    assert done.returncode == 0, done.stdout
    # the copy is what is judged: break it there, and only there
    shared = project / "schemas" / "common" / "unix-timestamp.schema.json"
    shared.write_text(shared.read_text().replace('"minimum": 0', '"minimum": 1', 1))
    done = run("gate", "--skip", "docs build", "--skip", "generated artefacts", cwd=deeper)
    assert done.returncode == 1, done.stdout
