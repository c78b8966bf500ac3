"""How the models come to hold the contract: patterns, lenient readers, refused keywords, and
a throwaway event generated in a temporary copy and checked against its schema."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import Field, StrictStr, TypeAdapter, ValidationError

from alfred_contracts import SchemaError, modeltypes
from alfred_contracts.cli import main
from alfred_contracts.codegen import models
from alfred_contracts.codegen.patterns import portable
from alfred_contracts.engines import compile_check
from alfred_contracts.schema.catalog import Catalog

from conftest import ROOT

URI = "https://example.test/pattern.schema.json"

PATTERNS = [
    r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+[^\s]*$",
    r"^[0-9]+(\.[0-9]+)?$",
    r"^(0(\.[0-9]+)?|1(\.0+)?)$",
    r"^\d+$",
    r"^\w[\w-]*$",
    r"^\S+$",
    r"^.$",
    r"a{2}",
    r"^x{1,}$",
    r"[a-c\-]",
    r"^\u00e9\x41$",
    r"^a/b\/c$",
    r"}",
    r"^(?:ab)+$",
    r"^[&~]+$",
    r"^\t$",
    r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+[^\s]*(?![\s\S])",
    r"^[0-9]+(\.[0-9]+)?(?![\s\S])",
    r"^\d+(?![\s\S])",
    r"^\w[\w-]*(?![\S\s])",
    r"^\S+(?![\s\S])",
    r"^.(?![\s\S])",
]
STRINGS = [
    "https://a", "https://a\n", "https://a\x1c", "https://a\x85", "https://a\ufeff",
    "https://a\xa0b", "https://a\u200bb", "12", "12\n", "12.5", "0.95", "1.00", "1.5",
    "\u0661\u0662", "\r", "https://a\x1f", "https://\u3000", "\x85", "\ufeff", "\u2028",
    "\u00e9", "\U0001f69a", "aa", "a-b", "x", "-", "\u00e9A", "a/b/c", "}", "abab", "\n", " ",
    "\t", "", "a_b", "&~", "\u00e9t\u00e9",
]  # fmt: skip


def engine_accepts(schema: dict[str, Any], value: object) -> bool:
    return compile_check({URI: {"$id": URI, **schema}}, URI)(value)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_portable_pattern_means_for_pydantic_what_the_schema_means(pattern: str) -> None:
    adapter = TypeAdapter(Annotated[StrictStr, Field(pattern=portable(pattern))])
    for value in STRINGS:
        try:
            adapter.validate_python(value)
            model = True
        except ValidationError:
            model = False
        assert model == engine_accepts({"type": "string", "pattern": pattern}, value), value


@pytest.mark.parametrize(
    "pattern", [r"^(?=a)", r"(a)\1", r"\bword", r"\p{L}", r"[\S]", r"[]", r"\cJ", r"a\\"[:-1]]
)
def test_a_pattern_without_an_exact_equal_is_refused(pattern: str) -> None:
    with pytest.raises(NotImplementedError):
        portable(pattern)


READERS = {
    "LenientNumber": modeltypes.LenientNumber,
    "LenientUnitNumber": modeltypes.LenientUnitNumber,
    "LenientInteger": modeltypes.LenientInteger,
    "LenientBoolean": modeltypes.LenientBoolean,
}
QUOTED = [*STRINGS, "0", "1", "150", "007", "1.0", "00.5", ".5", "1.", "-1", "1e3", "true"]
QUOTED += ["false", "True", " 1", "1 ", "0.5\n", "\uff11"]


@pytest.mark.parametrize(("form", "kind", "reader", "bounds"), modeltypes.LENIENT_READERS)
def test_each_lenient_reader_reads_exactly_its_quoted_form(
    form: dict[str, Any], kind: str, reader: str, bounds: tuple[float, float]
) -> None:
    adapter = TypeAdapter(READERS[reader])
    plain = {"type": kind}
    for value in [*QUOTED, 0, 1, 2.0, 0.5, -3, True, False, None, [], {}]:
        expected = engine_accepts({"anyOf": [plain, form]}, value)
        try:
            read = adapter.validate_python(value)
        except ValidationError:
            assert not expected, value
            continue
        assert expected, value
        assert engine_accepts(plain, read)  # the quoted form is read as the plain value
        if isinstance(value, str) and not isinstance(read, bool):
            assert bounds[0] <= read <= bounds[1]


def _schema_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    return tmp_path / "schemas"


@pytest.mark.parametrize(
    ("keyword", "value"),
    [("uniqueItems", True), ("oneOf", [{"type": "string"}]), ("format", "email")],
)
def test_a_keyword_the_models_cannot_hold_stops_the_generator(
    tmp_path: Path, keyword: str, value: object
) -> None:
    folder = _schema_copy(tmp_path)
    path = folder / "job_start_event.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    schema["properties"]["event"]["properties"]["company_name"][keyword] = value
    path.write_text(json.dumps(schema), "utf-8")
    with pytest.raises(SchemaError, match=r"job_start_event\.schema\.json: no .*model"):
        models.typed_resources(Catalog.load(folder), "strict")


THROWAWAY = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://alfred-event-contracts.github.io/schemas/job_pause_event.schema.json",
    "title": "JobPauseEvent",
    "description": "A throwaway event that exercises every construct the models map.",
    "x-version": "0.1.0",
    "type": "object",
    "additionalProperties": False,
    "required": ["event_id", "event_type", "event_time", "event"],
    "properties": {
        "event_id": {"$ref": "common/envelope.schema.json#/$defs/event_id"},
        "event_type": {"type": "string", "const": "job_event_type"},
        "event_time": {"$ref": "common/envelope.schema.json#/$defs/event_time"},
        "event": {
            "type": "object",
            "additionalProperties": False,
            "required": ["event_name", "event_type", "job_id", "paused_at", "reason"],
            "properties": {
                "event_name": {"type": "string", "const": "job_pause_event"},
                "event_type": {"type": "string", "const": "job_event_type"},
                "job_id": {"$ref": "common/uuid.schema.json"},
                "paused_at": {"$ref": "common/date-time.schema.json"},
                "reason": {"type": "string", "enum": ["manual", "quota"]},
                "note": {"type": ["string", "null"], "maxLength": 5},
                "weight": {"type": ["number", "null"], "minimum": 0, "maximum": 10},
                "pages": {"type": "integer", "minimum": 1},
                "links": {"type": "array", "items": {"$ref": "common/url.schema.json"}},
                "resumes": {"type": "array", "items": {"$ref": "common/date-time.schema.json"}},
                "level": {
                    "type": "string",
                    "enum": ["low", "high"],
                    "x-lenient-also": {"type": "string", "pattern": "^[0-9]$"},
                },
                "owner": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"$ref": "common/uuid.schema.json"}},
                },
            },
        },
    },
    "examples": [],
}
BASE = {
    "event_id": "3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93",
    "event_type": "job_event_type",
    "event_time": 1685143800,
    "event": {
        "event_name": "job_pause_event",
        "event_type": "job_event_type",
        "job_id": "E91D6C28-4A7F-4B3E-A0C5-9F82D1E6B734",
        "paused_at": "2023-05-26T23:20:00+02:00",
        "reason": "quota",
    },
}
EDITS: list[tuple[str, Any]] = [
    ("note", "abc"), ("note", None), ("note", "abcdef"), ("note", 5),
    ("weight", 2), ("weight", 2.5), ("weight", None), ("weight", 11), ("weight", "2"),
    ("weight", True), ("pages", 3), ("pages", 3.0), ("pages", 3.5), ("pages", 0),
    ("pages", "3"), ("pages", None), ("links", []), ("links", ["https://a/b"]),
    ("links", ["ftp://a"]), ("links", ["https://a\ufeff"]), ("links", "https://a"),
    ("resumes", ["2023-05-26T23:20:00Z"]), ("resumes", ["2023-05-26 23:20:00Z"]),
    ("level", "low"), ("level", "7"), ("level", "77"), ("level", 7), ("reason", "other"),
    ("owner", {"id": "3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93"}),
    ("owner", {"id": "3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93", "more": 1}),
    ("owner", {"id": "3f2b8c1e6d4a4f0b9a7e2c5d8e1f0a93"}), ("owner", {}),
    ("job_id", "urn:uuid:e91d6c28-4a7f-4b3e-a0c5-9f82d1e6b734"),
    ("paused_at", "2023-05-26T12:30:60Z"), ("paused_at", 1685143800), ("extra", 1),
]  # fmt: skip

CHECK = """
import json, sys
from pathlib import Path
import alfred_events, alfred_events.lenient
from pydantic import ValidationError
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker

assert alfred_events.__file__.startswith(sys.argv[1]), alfred_events.__file__
payloads = json.loads(sys.stdin.read())
catalog = Catalog.load(Path(sys.argv[1]).parent / "schemas")
found = []
for profile, package in (("strict", alfred_events), ("lenient", alfred_events.lenient)):
    model = package.EVENTS["job_pause_event"]
    assert model.__name__ == "JobPauseEvent"
    checker = Checker(catalog, profile=profile)
    for payload in payloads:
        schema = checker.check(payload).valid
        try:
            model.model_validate(payload)
            accepted = True
        except ValidationError:
            accepted = False
        found.append([profile, payload["event"], schema, accepted])
print(json.dumps(found))
"""


def test_a_throwaway_event_is_a_data_change_and_its_models_hold_its_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _schema_copy(tmp_path)
    (folder / "job_pause_event.schema.json").write_text(json.dumps(THROWAWAY), "utf-8")
    shutil.copytree(ROOT / "contracts", tmp_path / "contracts")
    assert main(["generate", "--root", str(tmp_path)]) == 0
    capsys.readouterr()
    generated = tmp_path / "generated"
    assert (generated / "alfred_events" / "job_pause_event.py").is_file()
    assert (generated / "alfred_events" / "lenient" / "job_pause_event.py").is_file()
    payloads = [BASE]
    for key, value in EDITS:
        payloads.append({**BASE, "event": {**BASE["event"], key: value}})
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(generated)],
        input=json.dumps(payloads),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(generated)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    verdicts = json.loads(done.stdout)
    assert [json.dumps(v) for v in verdicts if v[2] != v[3]] == []
    assert {v[2] for v in verdicts} == {True, False}  # both verdicts occur
