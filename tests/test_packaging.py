"""The wheel works on its own: installed into a fresh virtual environment, outside the
checkout, the tool finds its bundled schemas and validates."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import COUNTEREXAMPLES, EXAMPLES, ROOT


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, ROOT)
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("alfred_event_contracts-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("venv")
    assert _run(sys.executable, "-m", "venv", venv).returncode == 0
    done = _run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, "pytest")
    assert done.returncode == 0, done.stderr
    return venv


def test_wheel_carries_schemas_corpus_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "alfred_contracts/_data"
    for schema in (ROOT / "schemas").rglob("*.schema.json"):
        assert f"{data}/schemas/{schema.relative_to(ROOT / 'schemas').as_posix()}" in names
    assert "alfred_contracts/py.typed" in names
    assert f"{data}/contracts/vendor/job_start_event/ledger.toml" in names
    assert any(n.startswith(f"{data}/contracts/examples/job_start_event/") for n in names)
    assert "alfred_events/__init__.py" in names
    assert "alfred_events/job_start_event.py" in names
    assert "alfred_events/py.typed" in names


def test_installed_tool_validates_from_any_folder(installed: Path, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "job_start_event" / "leap_second.json", tmp_path / "good.json")
    shutil.copy(COUNTEREXAMPLES / "job_start_event" / "uuid_in_braces.json", tmp_path / "bad.json")
    tool = installed / "bin" / "alfred-contracts"
    good = _run(tool, "validate", "good.json", cwd=tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = _run(tool, "validate", "bad.json", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.startswith("bad.json:/event/job_id: ")


def test_installed_package_reads_its_bundled_data(installed: Path, tmp_path: Path) -> None:
    code = (
        "from alfred_contracts import resources; "
        "print(resources.schemas_dir()); print(resources.in_checkout())"
    )
    done = _run(installed / "bin" / "python", "-c", code, cwd=tmp_path)
    folder, in_checkout = done.stdout.split()
    assert str(installed) in folder
    assert in_checkout == "False"


USER_TESTS = """
import json

from hypothesis import given, settings

from alfred_contracts import ContractViolation, parse
from alfred_contracts.strategies import events, invalid_events
from alfred_events import EVENTS, JobStartEvent

BODY = open("event.json", "rb").read()


def test_models_and_parse():
    event = parse(BODY)
    assert isinstance(event, JobStartEvent)
    assert EVENTS["job_start_event"] is JobStartEvent


def test_parse_refuses():
    try:
        parse(b'{"event": {"event_name": "job_start_event"}}')
    except ContractViolation as error:
        assert error.violations
    else:
        raise AssertionError("not refused")


@settings(max_examples=20, deadline=None)
@given(events("job_start_event"))
def test_strategies(payload):
    assert isinstance(parse(payload), JobStartEvent)


@settings(max_examples=20, deadline=None)
@given(invalid_events("job_start_event"))
def test_invalid_strategies(bad):
    assert bad.rule


def test_plugin(assert_conforms, alfred_validator):
    assert_conforms(json.loads(BODY))
    assert alfred_validator.check(json.loads(BODY)).valid
"""


def test_a_project_with_only_the_wheel_can_use_everything(installed: Path, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "job_start_event" / "offset_dates.json", tmp_path / "event.json")
    (tmp_path / "test_user.py").write_text(USER_TESTS)
    done = _run(
        installed / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "5 passed" in done.stdout
