"""``alfred-contracts schema`` / ``example`` and ``schema_for`` / ``examples`` / ``example``:
the package's own schemas and examples, for every event and the handshake, from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

import alfred_contracts
from alfred_contracts import UnknownEventError, UsageError, example, examples, schema_for
from alfred_contracts.cli import main
from alfred_contracts.resources import SCHEMAS_ENV
from alfred_contracts.schema.catalog import Catalog

from conftest import EXAMPLES, VENDOR

CATALOG = Catalog.load()
MESSAGES = [*CATALOG.names, "url_verification"]
TOOL = Path(sys.executable).with_name("alfred-contracts")


def _refuse(uri: str) -> Any:
    raise AssertionError(f"the schema tried to fetch {uri}")


@pytest.fixture
def run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> Any:
    """Run the command line in-process, in an empty folder: (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)

    def go(*args: str) -> tuple[int, bytes, str]:
        code = main(list(args))
        out, err = capsysbinary.readouterr()
        return code, out, err.decode("utf-8")

    return go


def _cli(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in (SCHEMAS_ENV, "FORCE_COLOR")}
    return subprocess.run(
        [str(TOOL), *args], cwd=cwd, env=env, input=stdin, capture_output=True, timeout=120
    )


# --- the Python API ------------------------------------------------------------------------


def test_the_api_is_exported_lazily_and_listed() -> None:
    for name in ("schema_for", "examples", "example"):
        assert name in alfred_contracts.__all__
        assert callable(getattr(alfred_contracts, name))


@pytest.mark.parametrize("event", MESSAGES)
def test_every_schema_every_way(event: str) -> None:
    mine = examples(event)
    assert mine, event
    strict = schema_for(event)
    assert strict == CATALOG.messages[event].schema
    assert strict is not CATALOG.messages[event].schema  # the caller's own copy
    for profile in ("strict", "lenient"):
        written = schema_for(event, profile)
        assert written == dict(CATALOG.resources(profile)[CATALOG.messages[event].id])
        bundled = schema_for(event, profile, bundled=True)
        assert "/bundled/" in bundled["$id"]
        assert ("/bundled/lenient/" in bundled["$id"]) == (profile == "lenient")
        assert all(ref.startswith('"#') for ref in json.dumps(bundled).split('"$ref": ')[1:])
        assert jsonschema_rs.meta.is_valid(bundled)
        validator = jsonschema_rs.validator_for(bundled, validate_formats=True, retriever=_refuse)
        for name, payload in mine.items():
            assert validator.is_valid(payload), (event, profile, name)
            assert alfred_contracts.validate(payload, event=event, profile=profile) == ()


@pytest.mark.parametrize("event", CATALOG.names)
def test_examples_are_the_shipped_files_in_name_order(event: str) -> None:
    files = sorted((EXAMPLES / event).glob("*.json"))
    found = examples(event)
    assert list(found) == [path.stem for path in files]
    for path in files:
        assert found[path.stem] == json.loads(path.read_bytes())
    assert example(event) == found[files[0].stem]
    assert example(event, files[-1].stem) == found[files[-1].stem]
    assert example(event, files[-1].name) == found[files[-1].stem]  # with .json too


def test_the_handshake_examples_are_its_schemas() -> None:
    listed = CATALOG.messages["url_verification"].schema["examples"]
    assert list(examples("url_verification").values()) == listed
    assert example("url_verification", "example_2") == listed[1]


def test_unknown_names_are_one_line_errors_with_a_suggestion() -> None:
    with pytest.raises(UnknownEventError, match=r"did you mean job_start_event\?") as error:
        schema_for("job_strat_event")
    assert isinstance(error.value, KeyError)
    assert "\n" not in str(error.value)
    assert "url_verification" in str(error.value)  # the known names include the handshake
    with pytest.raises(UnknownEventError):
        examples("nope")
    with pytest.raises(UsageError, match=r"did you mean offset_dates\?"):
        example("job_start_event", "offset_date")
    with pytest.raises(UsageError, match="unknown profile"):
        schema_for("job_start_event", "tolerant")


def test_returned_values_are_the_callers_own() -> None:
    example("job_start_event")["event_id"] = "changed"
    schema_for("job_start_event", bundled=True)["$defs"].clear()
    assert example("job_start_event")["event_id"] != "changed"
    assert schema_for("job_start_event", bundled=True)["$defs"]


# --- the command line --------------------------------------------------------------------


@pytest.mark.parametrize("event", MESSAGES)
def test_schema_command_for_every_event(event: str, run: Any) -> None:
    for profile in ("strict", "lenient"):
        for bundled in (False, True):
            args = ["schema", event, "--profile", profile, *(["--bundled"] if bundled else [])]
            code, out, err = run(*args)
            assert (code, err) == (0, ""), args
            assert json.loads(out) == schema_for(event, profile, bundled=bundled)
            assert out.endswith(b"}\n")


@pytest.mark.parametrize("event", MESSAGES)
def test_example_command_for_every_event(event: str, run: Any, tmp_path: Path) -> None:
    shipped = examples(event)
    code, out, _ = run("example", event)
    assert code == 0
    assert json.loads(out) == next(iter(shipped.values()))
    last = list(shipped)[-1]
    code, out, _ = run("example", event, "--name", last)
    assert code == 0
    assert json.loads(out) == shipped[last]
    code, out, _ = run("example", event, "--list")
    assert out.decode().splitlines() == list(shipped)
    code, out, _ = run("example", event, "--all")
    lines = out.decode("utf-8").splitlines(keepends=True)
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert [json.loads(line) for line in lines] == list(shipped.values())
    (tmp_path / "capture.ndjson").write_bytes(out)
    code, out, _ = run("validate", "--jobs", "1", "capture.ndjson")
    assert code == 0, out
    assert f"OK: {len(shipped)} event".encode() in out


def test_all_is_byte_faithful_one_line_per_example(run: Any) -> None:
    """Number literals and escapes stay as written: only insignificant whitespace goes."""
    code, out, _ = run("example", "job_start_event", "--all")
    assert code == 0
    lines = out.splitlines()
    files = sorted((EXAMPLES / "job_start_event").glob("*.json"))
    for line, path in zip(lines, files, strict=True):
        raw = path.read_bytes()
        assert b"".join(raw.split()) == b"".join(line.split())
    assert any(b"E9" in line or b"e9" in line for line in lines)  # exponent_event_time


def test_single_example_is_the_file_as_shipped(run: Any) -> None:
    path = EXAMPLES / "job_start_event" / "offset_dates.json"
    code, out, _ = run("example", "job_start_event", "--name", "offset_dates")
    assert code == 0
    assert out.rstrip(b"\n") == path.read_bytes().rstrip(b"\n")


def test_vendor_example_is_verbatim_and_refused(run: Any, tmp_path: Path) -> None:
    code, out, _ = run("example", "job_start_event", "--vendor")
    assert code == 0
    published = VENDOR / "job_start_event" / "documented_example.json"
    assert out.rstrip(b"\n") == published.read_bytes().rstrip(b"\n")
    (tmp_path / "vendor.json").write_bytes(out)
    code, _, _ = run("validate", "vendor.json")
    assert code == 1


def test_output_file(run: Any, tmp_path: Path) -> None:
    code, out, _ = run("schema", "job_start_event", "--bundled", "--output", "bundled.json")
    assert (code, out) == (0, b"")
    assert json.loads((tmp_path / "bundled.json").read_bytes()) == schema_for(
        "job_start_event", bundled=True
    )
    code, out, _ = run("example", "job_start_event", "--all", "--output", "capture.ndjson")
    assert (code, out) == (0, b"")
    assert len((tmp_path / "capture.ndjson").read_bytes().splitlines()) == len(
        examples("job_start_event")
    )


def test_without_event_both_list_the_names(run: Any) -> None:
    for command in ("schema", "example"):
        code, out, _ = run(command)
        assert code == 0
        assert out.decode().splitlines() == MESSAGES


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["schema", "job_strat_event"], "unknown event 'job_strat_event' (did you mean "),
        (["example", "job_strat_event"], "unknown event 'job_strat_event' (did you mean "),
        (["example", "job_start_event", "--name", "nope"], "job_start_event has no example"),
        (["example", "url_verification", "--vendor"], "no example of url_verification"),
        (["example", "--all"], "--all needs an EVENT"),
        (["schema", "--bundled"], "--bundled needs an EVENT"),
    ],
)
def test_unknown_names_are_one_line_exit_2(run: Any, args: list[str], needle: str) -> None:
    code, out, err = run(*args)
    assert (code, out) == (2, b"")
    assert len(err.splitlines()) == 1
    assert err.startswith("alfred-contracts: error: ")
    assert needle in err


def test_the_installed_command_works_in_an_empty_folder(tmp_path: Path) -> None:
    """A real process, in a folder with no schemas/, and no schema override: the package's
    own data, wherever it is installed."""
    done = _cli("schema", "job_start_event", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["$id"].endswith("/schemas/job_start_event.schema.json")
    capture = _cli("example", "job_start_event", "--all", cwd=tmp_path)
    assert capture.returncode == 0, capture.stderr
    checked = _cli("validate", cwd=tmp_path, stdin=capture.stdout)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.endswith(b"all valid (profile strict)\n")
    unknown = _cli("example", "job_strat_event", cwd=tmp_path)
    assert unknown.returncode == 2
    assert unknown.stdout == b""
    assert len(unknown.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing written where it ran
