"""Reports that scale with the failure: the summary by rule and --max-violations.

A month of recorded deliveries can fail a million times over the same rule; text and
markdown reports end with one entry per rule (counts, the first documents, one example)
and --max-violations caps the violations printed one by one. JSON and JUnit, for
machines, always list every violation.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from alfred_contracts.cli import main
from alfred_contracts.report import groups, validation
from alfred_contracts.violations import DocumentResult, Violation

from conftest import EXAMPLES

GOOD: dict[str, Any] = json.loads(
    (EXAMPLES / "job_start_event" / "integer_event_time.json").read_text()
)


def event(*, top: dict[str, Any] | None = None, inner: dict[str, Any] | None = None) -> str:
    """One NDJSON line: the good example with some fields changed (None removes one)."""
    value = json.loads(json.dumps(GOOD))
    for target, changes in ((value, top), (value["event"], inner)):
        for key, changed in (changes or {}).items():
            if changed is None:
                del target[key]
            else:
                target[key] = changed
    return json.dumps(value)


QUOTED_TIME = event(top={"event_time": "1685143800"})  # rule A
NUMERIC_JOB = event(inner={"job_id": 5})  # rule B
NO_COMPANY = event(inner={"company_id": None, "company_name": None})  # two of one rule

#: rule B three times, rule A and broken JSON twice each (A first seen before the JSON)
RULES = [QUOTED_TIME, NUMERIC_JOB, NUMERIC_JOB, "{bad", NUMERIC_JOB, QUOTED_TIME, "{oops"]
RULES.append(json.dumps(GOOD))

A = '/event_time: expected a number, got a string: "1685143800"'
B = "/event/job_id: expected a string, got a number: 5"
BROKEN = "invalid JSON at column 2: unexpected character, expected a string key"

RULES_VIOLATIONS = f"""\
c.ndjson:1:{A}
c.ndjson:2:{B}
c.ndjson:3:{B}
c.ndjson:4: {BROKEN}
c.ndjson:5:{B}
c.ndjson:6:{A}
c.ndjson:7: {BROKEN}
"""

RULES_SUMMARY = f"""
Violations by rule (3 rules, most frequent first):
  3 violations in 3 events: type at job_start_event#/properties/event/properties/job_id/type
    at c.ndjson:2, c.ndjson:3, c.ndjson:5
    e.g. {B}
  2 violations in 2 events: type at job_start_event#/properties/event_time/type
    at c.ndjson:1, c.ndjson:6
    e.g. {A}
  2 violations in 2 events: json
    at c.ndjson:4, c.ndjson:7
    e.g. {BROKEN}
FAIL: 7 of 8 events invalid, 7 violations in 1 source (profile strict)
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    (tmp_path / "c.ndjson").write_text("\n".join(RULES) + "\n")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_line_failing_one_rule_is_one_group(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "same.ndjson").write_text((QUOTED_TIME + "\n") * 5)
    code, out, err = run(capsys, "validate", "same.ndjson")
    assert (code, err) == (1, "")
    assert out == "".join(f"same.ndjson:{n}:{A}\n" for n in range(1, 6)) + (
        "\n"
        "Violations by rule (1 rule, most frequent first):\n"
        "  5 violations in 5 events: type at job_start_event#/properties/event_time/type\n"
        "    at same.ndjson:1, same.ndjson:2, same.ndjson:3, ...\n"
        f"    e.g. {A}\n"
        "FAIL: 5 of 5 events invalid, 5 violations in 1 source (profile strict)\n"
    )


def test_violations_and_events_are_counted_apart(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "two.ndjson").write_text((NO_COMPANY + "\n") * 3)
    code, out, _err = run(capsys, "validate", "--max-violations", "0", "two.ndjson")
    assert code == 1
    assert out == (
        "... 6 violations not shown (--max-violations 0); the summary below counts them all\n"
        "\n"
        "Violations by rule (1 rule, most frequent first):\n"
        "  6 violations in 3 events: required at job_start_event#/properties/event/required\n"
        "    at two.ndjson:1, two.ndjson:2, two.ndjson:3\n"
        '    e.g. /event: missing required property "company_id"\n'
        "FAIL: 3 of 3 events invalid, 6 violations in 1 source (profile strict)\n"
    )


def test_rules_are_ordered_by_count_then_by_first_appearance(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "validate", "c.ndjson")
    assert (code, out, err) == (1, RULES_VIOLATIONS + RULES_SUMMARY, "")


def test_max_violations_prints_that_many_and_counts_them_all(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "validate", "--max-violations", "2", "c.ndjson")
    assert code == 1
    assert out == (
        f"c.ndjson:1:{A}\n"
        f"c.ndjson:2:{B}\n"
        "... 5 more violations not shown (--max-violations 2); the summary below counts them all\n"
        + RULES_SUMMARY
    )


def test_max_violations_zero_prints_only_the_summary(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "validate", "--max-violations", "0", "c.ndjson")
    assert code == 1
    assert out == (
        "... 7 violations not shown (--max-violations 0); the summary below counts them all\n"
        + RULES_SUMMARY
    )


def test_max_violations_above_the_count_changes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "validate", "--max-violations", "7", "c.ndjson") == (
        1,
        RULES_VIOLATIONS + RULES_SUMMARY,
        "",
    )


def test_a_negative_max_violations_is_exit_2_with_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "validate", "--max-violations", "-1", "c.ndjson")
    assert (code, out) == (2, "")
    assert err == "alfred-contracts: error: --max-violations -1: not a whole number of 0 or more\n"
    with pytest.raises(ValueError, match="0 or more"):
        validation.create("text", sys.stdout, max_violations=-1)


def test_github_annotations_are_capped_too(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(
        capsys, "validate", "--format", "github", "--max-violations", "2", "c.ndjson"
    )
    assert code == 1
    assert out.splitlines() == [
        "::error file=c.ndjson,line=1,title=type at /event_time::"
        'expected a number, got a string: "1685143800"',
        "::error file=c.ndjson,line=2,title=type at /event/job_id::"
        "expected a string, got a number: 5",
        "::notice title=alfred-contracts validate::5 more violations not shown "
        "(--max-violations 2); the summary below counts them all",
        "::error title=alfred-contracts validate::"
        "FAIL: 7 of 8 events invalid, 7 violations in 1 source (profile strict)",
    ]


MARKDOWN_GROUPS = [
    "#### Violations by rule (3 rules, most frequent first)",
    "",
    "| violations | events | event | rule | schema path | first at | example |",
    "|---:|---:|---|---|---|---|---|",
    "| 3 | 3 | job_start_event | type | `/properties/event/properties/job_id/type` | "
    "`c.ndjson:2`, `c.ndjson:3`, `c.ndjson:5` | "
    "`/event/job_id`: expected a string, got a number: 5 |",
    "| 2 | 2 | job_start_event | type | `/properties/event_time/type` | "
    "`c.ndjson:1`, `c.ndjson:6` | "
    '`/event_time`: expected a number, got a string: "1685143800" |',
    f"| 2 | 2 |  | json |  | `c.ndjson:4`, `c.ndjson:7` | {BROKEN} |",
    "",
    "FAIL: 7 of 8 events invalid, 7 violations in 1 source (profile strict)",
]


def test_markdown_caps_rows_and_ends_with_the_groups(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(
        capsys, "validate", "--format", "markdown", "--max-violations", "2", "c.ndjson"
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[4:13] == [
        "| 8 | 1 | 7 | 7 | strict |",
        "",
        "| source | line | path | rule | message |",
        "|---|---:|---|---|---|",
        '| `c.ndjson` | 1 | `/event_time` | type | expected a number, got a string: "1685143800" |',
        "| `c.ndjson` | 2 | `/event/job_id` | type | expected a string, got a number: 5 |",
        "",
        "… 5 more violations not shown (`--max-violations 2`); "
        "the summary by rule below counts them all.",
        "",
    ]
    assert lines[13:] == MARKDOWN_GROUPS


def test_markdown_with_max_violations_zero_has_no_violation_table(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(
        capsys, "validate", "--format", "markdown", "--max-violations", "0", "c.ndjson"
    )
    assert code == 1
    assert "| source | line |" not in out
    assert out.splitlines()[5:] == [
        "",
        "… 7 violations not shown (`--max-violations 0`); "
        "the summary by rule below counts them all.",
        "",
        *MARKDOWN_GROUPS,
    ]


def test_markdown_row_cap_and_max_violations_agree(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validation, "MARKDOWN_ROWS", 3)
    for option in ([], ["--max-violations", "5"]):  # the row cap is the smaller one
        _code, out, _err = run(capsys, "validate", "--format", "markdown", *option, "c.ndjson")
        assert out.count("| `c.ndjson` |") == 3
        assert (
            "… 4 more violations not shown (markdown shows at most 3 rows); "
            "the summary by rule below counts them all." in out.splitlines()
        )
        assert out.splitlines()[-len(MARKDOWN_GROUPS) :] == MARKDOWN_GROUPS
    _code, out, _err = run(
        capsys, "validate", "--format", "markdown", "--max-violations", "1", "c.ndjson"
    )
    assert out.count("| `c.ndjson` |") == 1
    assert "… 6 more violations not shown (`--max-violations 1`);" in out


def test_only_the_first_rules_are_listed(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(groups, "GROUPS_SHOWN", 1)
    _code, out, _err = run(capsys, "validate", "--max-violations", "0", "c.ndjson")
    assert out.splitlines()[-3:] == [
        f"    e.g. {B}",
        "  ... and 2 more rules (4 violations)",
        "FAIL: 7 of 8 events invalid, 7 violations in 1 source (profile strict)",
    ]
    _code, out, _err = run(capsys, "validate", "--format", "markdown", "c.ndjson")
    assert out.splitlines()[-6:] == [
        MARKDOWN_GROUPS[3],
        MARKDOWN_GROUPS[4],
        "",
        "… and 2 more rules (4 violations).",
        "",
        "FAIL: 7 of 8 events invalid, 7 violations in 1 source (profile strict)",
    ]


def test_json_and_junit_list_every_violation_whatever_the_cap(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("json", "junit"):
        full = run(capsys, "validate", "--format", fmt, "c.ndjson")
        capped = run(capsys, "validate", "--format", fmt, "--max-violations", "0", "c.ndjson")
        assert capped == full
    _code, out, _err = run(capsys, "validate", "--format", "json", "c.ndjson")
    report = json.loads(out)
    assert list(report) == ["status", "checked", "valid", "invalid", "violations", "groups"]
    assert len(report["violations"]) == 7
    assert report["groups"][0] == {
        "event": "job_start_event",
        "keyword": "type",
        "schema_path": "/properties/event/properties/job_id/type",
        "violations": 3,
        "documents": 3,
        "first_documents": [
            {"source": "c.ndjson", "line": 2},
            {"source": "c.ndjson", "line": 3},
            {"source": "c.ndjson", "line": 5},
        ],
        "example": report["violations"][1],
    }
    assert [(g["keyword"], g["violations"], g["documents"]) for g in report["groups"]] == [
        ("type", 3, 3),
        ("type", 2, 2),
        ("json", 2, 2),
    ]
    assert report["groups"][2]["event"] is None
    assert out.endswith('"}}\n  ]}\n')
    _code, out, _err = run(capsys, "validate", "--format", "junit", "c.ndjson")
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("8", "7")


def test_a_valid_input_has_no_summary_by_rule(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "good.ndjson").write_text(json.dumps(GOOD) + "\n")
    assert run(capsys, "validate", "--max-violations", "0", "good.ndjson") == (
        0,
        "OK: 1 event checked in 1 source, all valid (profile strict)\n",
        "",
    )
    _code, out, _err = run(capsys, "validate", "--format", "markdown", "good.ndjson")
    assert "Violations by rule" not in out
    assert "not shown" not in out
    _code, out, _err = run(capsys, "validate", "--format", "json", "good.ndjson")
    assert json.loads(out)["groups"] == []


def test_grouping_memory_is_one_group_per_rule() -> None:
    grouping = validation.Grouping()
    for line in range(1, 100_001):
        violation = Violation("big", line, "e", "/x", "/properties/x/type", "type", "bad")
        grouping.add(DocumentResult("big", line, "e", (violation, violation._replace(message="2"))))
    (group,) = grouping.ranked()
    assert (group.violations, group.documents) == (200_000, 100_000)
    assert group.first == [("big", 1), ("big", 2), ("big", 3)]
    assert group.example.message == "bad"


CLI = shutil.which("alfred-contracts", path=str(Path(sys.executable).parent)) or "alfred-contracts"


def test_a_large_capture_failing_one_rule_fits_on_one_screen(tmp_path: Path) -> None:
    (tmp_path / "month.ndjson").write_text((QUOTED_TIME + "\n") * 20_000)
    done = subprocess.run(
        [CLI, "validate", "--max-violations", "0", "month.ndjson"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "FORCE_COLOR"},
    )
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == (
        "... 20000 violations not shown (--max-violations 0); the summary below counts them all\n"
        "\n"
        "Violations by rule (1 rule, most frequent first):\n"
        "  20000 violations in 20000 events: type at job_start_event#/properties/event_time/type\n"
        "    at month.ndjson:1, month.ndjson:2, month.ndjson:3, ...\n"
        f"    e.g. {A}\n"
        "FAIL: 20000 of 20000 events invalid, 20000 violations in 1 source (profile strict)\n"
    )
