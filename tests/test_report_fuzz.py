"""Event content and schemas never forge a report: arbitrary keys and values (control
characters, line breaks, workflow commands, XML, HTML, backticks, pipes, invalid UTF-8)
go through every format of ``validate``, ``diff`` and ``gate``, and each output is read
back with the parser of its syntax. (``verify-consumer``'s formats: test_consumer_reports.)
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alfred_contracts.cli import main
from alfred_contracts.report import groups

ROOT = Path(__file__).parent.parent
EXAMPLE = json.loads((ROOT / "schemas" / "job_start_event.schema.json").read_text("utf-8"))[
    "examples"
][0]
NASTY = [
    "\n::error file=forged.py,line=1::forged", "</testcase>", "]]>", "<img src=x>", "`", "``",
    "|", "\r", "\x00", "\x01", "\x17", "\x1b[31m", "\x9b", "\u2028", "\u2029", "&amp;", "%0A",
    "\\", '"', "\ud800",
]  # fmt: skip
hostile = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(max_size=6)), min_size=1, max_size=5
).map("".join)
#: what a terminal or a line-oriented reader must never receive raw
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
FUZZ = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(args))
    return code, out.getvalue()


def check_text(text: str) -> None:
    assert not RAW.search(text), repr(text)
    assert not any(line.startswith("::") for line in text.splitlines()), text


def outside_code(line: str) -> str:
    """A markdown line without its code spans (whose content is shown, never rendered)."""
    return re.sub(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", "", line)


def check_markdown(text: str) -> None:
    assert not RAW.search(text), repr(text)
    for line in text.splitlines():
        assert not re.search(r"<[a-zA-Z/!]", outside_code(line)), line  # no HTML renders
    header: int | None = None
    for line in text.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))  # GFM splits even inside code spans
        header = cells if header is None else header
        assert cells == header, line  # every row of a table has its header's cells


COMMAND = re.compile(r"::(?P<name>error|warning|notice)(?: (?P<props>[^:]*))?::")
PROPS = {"file", "line", "endLine", "col", "endColumn", "title"}


def check_github(text: str) -> None:
    """Every line the runner would read as a command is one this tool wrote: a known
    command whose properties are known names (no forged ``file=``)."""
    assert "\x1b" not in text
    for line in text.split("\n"):  # the runner's own line splitting
        if not line.startswith("::"):
            continue
        found = COMMAND.match(line)
        assert found is not None, line
        for prop in (found["props"] or "").split(","):
            name, _, value = prop.partition("=")
            assert name in PROPS, line
            assert value != "forged.py", line


def check(fmt: str, text: str) -> None:
    if fmt == "json":
        json.loads(text)
    elif fmt == "junit":
        ET.fromstring(text.encode("utf-8"))
    elif fmt == "markdown":
        check_markdown(text)
    elif fmt == "github":
        check_github(text)
    else:
        check_text(text)


#: a capture's file name is quoted by every report too (in the grouped summary's locations)
HOSTILE_NAME = "evil\n::error file=forged.py,line=1::forged\x1b[31m|`<img src=x>\u2028\r.ndjson"


@FUZZ
@given(keys=st.lists(hostile, min_size=1, max_size=3), value=hostile)
def test_validate_reports_hold_whatever_the_events_carry(
    tmp_path: Path, keys: list[str], value: str
) -> None:
    lines = []
    for key in keys:
        event: dict[str, Any] = json.loads(json.dumps(EXAMPLE))
        event["event"][key] = value
        event["event_id"] = value
        lines.append(json.dumps(event).encode("utf-8", "surrogatepass"))
    lines.append(b'{"event_id": "\xff\xfe bad utf-8"}')
    lines.append(b'{"event": {"event_name": "no_such_event"}}')  # a second rule, always
    capture = tmp_path / HOSTILE_NAME
    capture.write_bytes(b"\n".join(lines) + b"\n")
    for fmt in ("text", "json", "junit", "markdown", "github"):
        code, out = run("validate", "--format", fmt, str(capture))
        assert code == 1, out
        check(fmt, out)
        if fmt in ("text", "markdown"):
            assert "Violations by rule" in out, out  # the grouped summary is covered
    # every violation but one left out, and every rule but one: the "not shown" lines
    with mock.patch.object(groups, "GROUPS_SHOWN", 1):
        for fmt in ("text", "markdown", "github"):
            code, out = run("validate", "--format", fmt, "--max-violations", "1", str(capture))
            assert code == 1, out
            check(fmt, out)
            assert "not shown" in out, out
            if fmt != "github":
                assert "more rule" in out, out


@FUZZ
@given(name=hostile, member=hostile)
def test_diff_reports_hold_whatever_the_schemas_carry(
    tmp_path: Path, name: str, member: str
) -> None:
    old = {"type": "object", "additionalProperties": False,
           "properties": {name: {"enum": [member, "b"]}, "kept": {"type": "string"}}}  # fmt: skip
    new = {"type": "object", "additionalProperties": False,
           "properties": {"kept": {"type": "string"}}}  # fmt: skip
    for label, schema in (("old", old), ("new", new)):
        text = json.dumps(schema, ensure_ascii=False).encode("utf-8", "surrogatepass")
        (tmp_path / f"{label}.json").write_bytes(text)
    code, out = run("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"))
    assert code in (1, 2), out
    check_text(out)
    code, out = run("diff", "--format", "json", str(tmp_path / "old.json"),
                    str(tmp_path / "new.json"))  # fmt: skip
    if code != 2:
        json.loads(out)


@pytest.mark.parametrize("nasty", ["\n::error file=forged.py,line=1::forged\x1b[31m|`<img>",
                                   "\r\x00]]></testcase>\u2028%0A"])  # fmt: skip
def test_gate_reports_hold_whatever_an_example_carries(tmp_path: Path, nasty: str) -> None:
    for folder in ("schemas", "contracts"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    example = sorted((tmp_path / "contracts" / "examples" / "job_start_event").glob("*.json"))[0]
    event = json.loads(example.read_text())
    event["event"][nasty] = nasty
    example.write_text(json.dumps(event))
    skip = ["--skip", "docs build", "--skip", "generated artefacts"]
    for fmt in ("text", "markdown", "github"):
        code, out = run("gate", "--root", str(tmp_path), "--format", fmt, *skip)
        assert code == 1, out
        if fmt == "markdown":
            check_markdown(out)
        elif fmt == "github":
            check_github(out)
        else:
            check_text(out)
