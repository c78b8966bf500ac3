"""`alfred-contracts generate`: deterministic output, committed, and a drift check that bites."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from alfred_contracts.cli import main
from alfred_contracts.codegen import generate, models

from conftest import ROOT


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A scratch repository: the schemas and the committed generated output."""
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    shutil.copytree(
        ROOT / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "contracts").mkdir()
    for document in ("receiver.openapi.json", "alfred.asyncapi.json"):
        shutil.copy(ROOT / "contracts" / document, tmp_path / "contracts")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_check_is_clean_on_main(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "generate", "--check")
    assert code == 0, out
    assert out.startswith("generated artefacts are current")


PLAN = """
import base64, json, sys
from pathlib import Path
from alfred_contracts.codegen import generate, models
files = generate.plan(Path(sys.argv[1])).files
json.dump({path: base64.b64encode(data).decode() for path, data in files.items()}, sys.stdout)
"""


def _plan_in_a_fresh_process(repo: Path, cwd: Path, **env: str) -> dict[str, bytes]:
    done = subprocess.run(
        [sys.executable, "-c", PLAN, str(repo)],
        cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {path: base64.b64decode(data) for path, data in json.loads(done.stdout).items()}


def test_output_is_byte_identical_across_runs(repo: Path, tmp_path: Path) -> None:
    """Two processes with different hash seeds, time zones and folders write the same bytes,
    and they are the bytes committed."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _plan_in_a_fresh_process(repo, tmp_path / "a", PYTHONHASHSEED="1", TZ="UTC")
    second = _plan_in_a_fresh_process(
        repo, tmp_path / "b", PYTHONHASHSEED="2718281", TZ="Pacific/Kiritimati"
    )
    assert "generated/alfred_events/job_start_event.py" in first
    assert "contracts/receiver.openapi.json" in first
    assert "contracts/alfred.asyncapi.json" in first
    assert first == second
    committed = {path: (ROOT / path).read_bytes() for path in first}
    assert first == committed


def test_every_generated_file_says_do_not_edit_and_names_the_command() -> None:
    for path, content in generate.plan(ROOT).files.items():
        if path.endswith(".py"):
            assert content.startswith(
                b"# DO NOT EDIT: written by `alfred-contracts generate` from "
            )


def test_check_fails_after_a_schema_edit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema_path = repo / "schemas" / "job_start_event.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["properties"]["event"]["properties"]["company_name"]["description"] = "Edited."
    schema_path.write_text(json.dumps(schema, indent=2), "utf-8")
    code, out = run(capsys, "generate", "--check", "--root", str(repo))
    assert code == 1
    assert out.splitlines()[:2] == [
        "stale: contracts/alfred.asyncapi.json",
        "stale: contracts/receiver.openapi.json",
    ]
    assert "stale: generated/alfred_events/job_start_event.py" in out.splitlines()
    assert "run `alfred-contracts generate`" in out
    # generating fixes it
    assert run(capsys, "generate", "--root", str(repo))[0] == 0
    assert run(capsys, "generate", "--check", "--root", str(repo))[0] == 0


def test_check_fails_after_an_edit_to_generated_code(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = repo / "generated" / "alfred_events" / "common" / "envelope.py"
    target.write_text(target.read_text("utf-8") + "\nEDITED = True\n", "utf-8")
    code, out = run(capsys, "generate", "--check", "--root", str(repo))
    assert code == 1
    assert "stale: generated/alfred_events/common/envelope.py" in out.splitlines()


def test_check_fails_on_a_left_over_module(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "generated" / "alfred_events" / "job_pause_event.py").write_text("# old\n")
    code, out = run(capsys, "generate", "--check", "--root", str(repo))
    assert code == 1
    assert "stale: generated/alfred_events/job_pause_event.py" in out
    run(capsys, "generate", "--root", str(repo))
    assert not (repo / "generated" / "alfred_events" / "job_pause_event.py").exists()


def test_a_folder_without_schemas_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["generate", "--root", str(tmp_path)])
    assert code == 2
    assert f"--root {tmp_path}: no schemas/ in it" in capsys.readouterr().err


def test_no_project_around_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["generate"])
    assert code == 2
    assert "pass --root DIR" in capsys.readouterr().err


def test_a_different_generator_version_is_refused(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(models, "_codegen_version", lambda: "0.1.0")
    code = main(["generate", "--check", "--root", str(repo)])
    assert code == 2
    assert "datamodel-code-generator==0.89.0 (found 0.1.0)" in capsys.readouterr().err
