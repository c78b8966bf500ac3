"""The command line, run in-process: every format's exact output, exit codes, options."""

from __future__ import annotations

import io
import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from alfred_contracts import __version__
from alfred_contracts.cli import main

from conftest import COUNTEREXAMPLES, EXAMPLES, VENDOR

GOOD = EXAMPLES / "job_start_event" / "integer_event_time.json"
QUOTED = COUNTEREXAMPLES / "job_start_event" / "event_time_as_string.json"
COMPACT = (EXAMPLES / "job_start_event" / "compact_one_line.json").read_text().strip()


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(GOOD, tmp_path / "good.json")
    shutil.copy(QUOTED, tmp_path / "quoted_time.json")
    (tmp_path / "capture.ndjson").write_text(
        COMPACT + "\n" + '{"event": {"event_name": "job_start_event", "job_id": 5}}\n{bad\n'
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


FILES = ("good.json", "quoted_time.json", "capture.ndjson")

TEXT = """\
quoted_time.json:/event_time: expected a number, got a string: "1685143800.00"
capture.ndjson:2: missing required property "event_id"
capture.ndjson:2: missing required property "event_time"
capture.ndjson:2: missing required property "event_type"
capture.ndjson:2:/event: missing required property "company_id"
capture.ndjson:2:/event: missing required property "company_name"
capture.ndjson:2:/event: missing required property "creation_date"
capture.ndjson:2:/event: missing required property "event_type"
capture.ndjson:2:/event: missing required property "update_date"
capture.ndjson:2:/event/job_id: expected a string, got a number: 5
capture.ndjson:3: invalid JSON at column 2: unexpected character, expected a string key

Violations by rule (5 rules, most frequent first):
  5 violations in 1 event: required at job_start_event#/properties/event/required
    at capture.ndjson:2
    e.g. /event: missing required property "company_id"
  3 violations in 1 event: required at job_start_event#/required
    at capture.ndjson:2
    e.g. missing required property "event_id"
  1 violation in 1 event: type at job_start_event#/properties/event_time/type
    at quoted_time.json
    e.g. /event_time: expected a number, got a string: "1685143800.00"
  1 violation in 1 event: type at job_start_event#/properties/event/properties/job_id/type
    at capture.ndjson:2
    e.g. /event/job_id: expected a string, got a number: 5
  1 violation in 1 event: json
    at capture.ndjson:3
    e.g. invalid JSON at column 2: unexpected character, expected a string key
FAIL: 3 of 5 events invalid, 11 violations in 3 sources (profile strict)
"""


def test_text_output(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", *FILES)
    assert (code, out, err) == (1, TEXT, "")


def test_clean_run_exits_0_with_a_summary(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "validate", "good.json")
    assert code == 0
    assert out == "OK: 1 event checked in 1 source, all valid (profile strict)\n"


def test_json_output(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "validate", "--format", "json", *FILES)
    assert code == 1
    report = json.loads(out)
    assert list(report) == ["status", "checked", "valid", "invalid", "violations", "groups"]
    assert (report["status"], report["checked"], report["valid"], report["invalid"]) == (
        "fail",
        5,
        2,
        3,
    )
    assert report["violations"][0] == {
        "source": "quoted_time.json",
        "line": None,
        "event": "job_start_event",
        "instance_path": "/event_time",
        "schema_path": "/properties/event_time/type",
        "keyword": "type",
        "message": 'expected a number, got a string: "1685143800.00"',
    }
    assert report["violations"][-1]["line"] == 3
    assert report["violations"][-1]["keyword"] == "json"
    assert len(report["violations"]) == 11
    assert [(g["keyword"], g["schema_path"], g["violations"]) for g in report["groups"]] == [
        ("required", "/properties/event/required", 5),
        ("required", "/required", 3),
        ("type", "/properties/event_time/type", 1),
        ("type", "/properties/event/properties/job_id/type", 1),
        ("json", "", 1),
    ]


def test_json_output_when_clean(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "validate", "--format", "json", "good.json")
    assert code == 0
    assert json.loads(out) == {
        "status": "ok",
        "checked": 1,
        "valid": 1,
        "invalid": 0,
        "violations": [],
        "groups": [],
    }


def test_junit_output(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "validate", "--format", "junit", *FILES)
    assert code == 1
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("5", "3")
    names = [case.get("name") for case in suite.iter("testcase")]
    assert names == [
        "good.json",
        "quoted_time.json",
        "capture.ndjson:2",
        "capture.ndjson:3",
        "capture.ndjson: 1 valid line",
    ]
    failure = suite.find("testcase[@name='quoted_time.json']/failure")
    assert failure is not None
    assert failure.get("message") == "1 violation"
    assert (
        failure.text
        == 'quoted_time.json:/event_time: expected a number, got a string: "1685143800.00"'
    )


def test_github_output(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, "validate", "--format", "github", "quoted_time.json", "capture.ndjson"
    )
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == (
        "::error file=quoted_time.json,title=type at /event_time::"
        'expected a number, got a string: "1685143800.00"'
    )
    assert lines[1] == (
        "::error file=capture.ndjson,line=2,title=required at /::"
        'missing required property "event_id"'
    )
    assert lines[-1] == (
        "::error title=alfred-contracts validate::"
        "FAIL: 3 of 4 events invalid, 11 violations in 2 sources (profile strict)"
    )


def test_github_output_escapes_workflow_command_syntax(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weird = tmp_path / "a,b:c.json"
    weird.write_text('{"event": {"event_name": "50%\\nnew line"}}')
    _code, out, _err = run(capsys, "validate", "--format", "github", str(weird))
    first = out.splitlines()[0]
    assert "a%2Cb%3Ac.json" in first
    assert "50%25" in first
    assert "\n" not in first.strip()


MARKDOWN_HEAD = (
    """\
### Alfred event contract: failed

| checked | valid | invalid | violations | profile |
|---:|---:|---:|---:|---|
| 2 | 1 | 1 | 1 | strict |

| source | line | path | rule | message |
|---|---:|---|---|---|
| `quoted_time.json` |  | `/event_time` | type | expected a number, got a string: "1685143800.00" |

#### Violations by rule (1 rule, most frequent first)

| violations | events | event | rule | schema path | first at | example |
|---:|---:|---|---|---|---|---|
"""
    "| 1 | 1 | job_start_event | type | `/properties/event_time/type` | `quoted_time.json` | "
    '`/event_time`: expected a number, got a string: "1685143800.00" |\n'
    """
FAIL: 1 of 2 events invalid, 1 violation in 2 sources (profile strict)
"""
)


def test_markdown_output(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, "validate", "--format", "markdown", "good.json", "quoted_time.json"
    )
    assert (code, out) == (1, MARKDOWN_HEAD)


def test_output_file_holds_the_report_and_the_summary_goes_to_stderr(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "validate", "--format", "json", "--output", "report.json", *FILES)
    assert code == 1
    assert out == ""
    assert err.startswith("FAIL: 3 of 5 events invalid")
    assert json.loads((demo / "report.json").read_text())["invalid"] == 3
    assert not list(demo.glob(".report.json.*")), "no temporary file is left behind"


def test_output_to_an_unwritable_place_is_exit_2(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "validate", "--output", "no/such/dir/report.txt", "good.json")
    assert code == 2
    assert err == (
        "alfred-contracts: error: --output no/such/dir/report.txt: no such folder 'no/such/dir' "
        "(give a file in an existing folder, or - for standard output)\n"
    )


def test_lenient_profile(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "validate", "--profile", "lenient", "quoted_time.json")
    assert code == 0
    assert "profile lenient" in out


def test_event_option_forces_the_schema(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (demo / "nameless.json").write_text('{"event": {}}')
    code, out, _err = run(capsys, "validate", "--event", "job_start_event", "nameless.json")
    assert code == 1
    assert 'nameless.json:/event: missing required property "event_name"' in out


def test_unknown_event_option_is_exit_2(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "--event", "job_stop_event", "good.json")
    assert (code, out) == (2, "")
    from alfred_contracts.schema.catalog import Catalog

    known = ", ".join(Catalog.load().messages)  # the handshake can be forced too
    assert err == (
        "alfred-contracts: error: --event job_stop_event: unknown event (did you mean "
        f"job_start_event?); known events: {known}\n"
    )


def test_missing_path_is_exit_2_with_one_line(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "validate", "good.json", "absent.ndjson")
    assert (code, out) == (2, "")
    assert (
        err == "alfred-contracts: error: cannot read 'absent.ndjson': no such file or directory\n"
    )


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--fromat", "json"]) == 2  # one line, no usage block
    assert capsys.readouterr().err == "alfred-contracts: error: unrecognized arguments: --fromat\n"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"alfred-contracts {__version__}\n"


def test_stdin(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO((COMPACT + "\n" + COMPACT + "\n").encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _err = run(capsys, "validate", "-")
    assert code == 0
    assert out == "OK: 2 events checked in 1 source, all valid (profile strict)\n"


def test_folders_are_searched_recursively(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "validate", str(EXAMPLES))
    assert code == 0
    count = len(list(EXAMPLES.rglob("*.json")))
    assert out.startswith(f"OK: {count} events checked in {count} sources")


def test_the_vendor_example_fails_with_four_violations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, "validate", str(VENDOR / "job_start_event" / "documented_example.json")
    )
    assert code == 1
    assert (
        out.splitlines()[-1]
        == "FAIL: 1 of 1 event invalid, 4 violations in 1 source (profile strict)"
    )


def test_empty_ndjson_file_is_a_violation(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (demo / "empty.ndjson").write_text("\n\n")
    code, out, _err = run(capsys, "validate", "empty.ndjson")
    assert code == 1
    assert out.splitlines()[0] == "empty.ndjson: empty input: no events"


def test_colour_only_when_asked(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    _code, out, _err = run(capsys, "validate", "quoted_time.json")
    assert "\033[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _code, out, _err = run(capsys, "validate", "quoted_time.json")
    assert "\033[" not in out


def test_reference_engine_gives_the_same_report(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "validate", "--engine", "reference", *FILES)
    assert (code, out) == (1, TEXT)


def test_an_internal_error_is_one_line_not_a_traceback(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import alfred_contracts.validation.pipeline as pipeline

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "run", explode)
    monkeypatch.delenv("ALFRED_CONTRACTS_DEBUG", raising=False)
    code, _out, err = run(capsys, "validate", "good.json")
    assert code == 2
    assert err == (
        "alfred-contracts: internal error: RuntimeError: boom "
        "(set ALFRED_CONTRACTS_DEBUG=1 to see the traceback)\n"
    )


def test_jobs_zero_means_one_process_per_cpu_and_negative_is_a_usage_error(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "validate", "--jobs", "0", *FILES) == (1, TEXT, "")
    code, out, err = run(capsys, "validate", "--jobs", "-1", "good.json")
    assert (code, out) == (2, "")
    assert err == (
        "alfred-contracts: error: --jobs -1: not a whole number of 0 or more "
        "(0: one process per CPU)\n"
    )
