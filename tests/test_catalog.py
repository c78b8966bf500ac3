"""The catalog: loading, refusing broken schemas, never fetching, routing by event_name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from alfred_contracts.errors import SchemaError, UnknownEventError
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker

from conftest import SCHEMAS


@pytest.fixture
def schema_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, folder)
    return folder


def _edit(path: Path, change: Any) -> None:
    schema = json.loads(path.read_text("utf-8"))
    change(schema)
    path.write_text(json.dumps(schema), "utf-8")


def test_bundled_catalog_knows_job_start_event(catalog: Catalog) -> None:
    assert "job_start_event" in catalog.names
    assert catalog.names == sorted(catalog.names)
    event = catalog.event("job_start_event")
    assert event.title == "JobStartEvent"
    assert event.id.endswith("/job_start_event.schema.json")


def test_unknown_event_is_an_error_naming_the_known_ones(catalog: Catalog) -> None:
    with pytest.raises(UnknownEventError, match=r"known events: .*\bjob_start_event\b"):
        catalog.event("job_stop_event")


def test_a_new_event_needs_only_a_new_schema_file(schema_copy: Path) -> None:
    source = json.loads((schema_copy / "job_start_event.schema.json").read_text("utf-8"))
    source["$id"] = source["$id"].replace("job_start_event", "job_pause_event")
    source["title"] = "JobPauseEvent"
    source["properties"]["event"]["properties"]["event_name"]["const"] = "job_pause_event"
    (schema_copy / "job_pause_event.schema.json").write_text(json.dumps(source), "utf-8")
    catalog = Catalog.load(schema_copy)
    assert catalog.names == sorted([*Catalog.load().names, "job_pause_event"])
    example = dict(source["examples"][0])
    example["event"] = dict(example["event"], event_name="job_pause_event")
    checker = Checker(catalog)
    result = checker.check(example)
    assert result.event == "job_pause_event"
    assert result.valid


def test_remote_ref_is_a_clear_error_and_never_fetched(schema_copy: Path) -> None:
    target = schema_copy / "job_start_event.schema.json"
    _edit(
        target,
        lambda s: s["properties"]["event"]["properties"]["job_id"].update(
            {"$ref": "https://example.com/uuid.json"}
        ),
    )
    with pytest.raises(SchemaError, match=r"points outside the bundled schemas.*never fetched"):
        Catalog.load(schema_copy)


def test_ref_to_a_missing_definition_is_an_error(schema_copy: Path) -> None:
    target = schema_copy / "job_start_event.schema.json"
    _edit(
        target,
        lambda s: s["properties"].update(
            {"event_id": {"$ref": "common/envelope.schema.json#/$defs/nope"}}
        ),
    )
    with pytest.raises(SchemaError, match="#/\\$defs/nope"):
        Catalog.load(schema_copy)


def test_invalid_schema_is_refused(schema_copy: Path) -> None:
    _edit(schema_copy / "common" / "uuid.schema.json", lambda s: s.update({"type": "uuid"}))
    with pytest.raises(SchemaError, match="not a valid 2020-12 schema"):
        Catalog.load(schema_copy)


def test_schema_with_duplicate_keys_is_refused(schema_copy: Path) -> None:
    path = schema_copy / "common" / "uuid.schema.json"
    path.write_text(
        path.read_text("utf-8").replace('"type": "string",', '"type": "string", "type": "number",')
    )
    with pytest.raises(SchemaError, match="more than once"):
        Catalog.load(schema_copy)


def test_duplicate_id_is_refused(schema_copy: Path) -> None:
    shutil.copy(schema_copy / "common" / "uuid.schema.json", schema_copy / "copy.schema.json")
    with pytest.raises(SchemaError, match="is also used by"):
        Catalog.load(schema_copy)


def test_wrong_draft_is_refused(schema_copy: Path) -> None:
    _edit(
        schema_copy / "common" / "uuid.schema.json",
        lambda s: s.update({"$schema": "http://json-schema.org/draft-07/schema#"}),
    )
    with pytest.raises(SchemaError, match="2020-12"):
        Catalog.load(schema_copy)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="not found"):
        Catalog.load(tmp_path / "absent")


@pytest.mark.parametrize(
    ("payload", "path", "fragment"),
    [
        ([1, 2], "", "got an array"),
        ("x", "", "got a string"),
        (None, "", "got null"),
        ({}, "", "there is no event object"),
        ({"event": []}, "/event", "got an array"),
        ({"event": {}}, "/event", "event.event_name is missing"),
        ({"event": {"event_name": 7}}, "/event/event_name", "a number, not a string"),
        (
            {"event": {"event_name": "job_start"}},
            "/event/event_name",
            "did you mean job_start_event",
        ),
        (
            {"event": {"event_name": "file_archived_event"}},
            "/event/event_name",
            "unknown event 'file_archived_event'",
        ),
    ],
)
def test_routing_failures_say_why_and_list_known_events(
    catalog: Catalog, payload: Any, path: str, fragment: str
) -> None:
    routed = catalog.route(payload)
    assert isinstance(routed, tuple)
    assert routed[0] == path
    assert fragment in routed[2]


def test_routing_finds_the_event(catalog: Catalog) -> None:
    assert catalog.route({"event": {"event_name": "job_start_event"}}) == "job_start_event"


def test_lenient_profile_is_derived_not_copied(catalog: Catalog) -> None:
    strict = catalog.resources("strict")
    lenient = catalog.resources("lenient")
    assert strict.keys() == lenient.keys()
    text = json.dumps(dict(lenient))
    assert '"additionalProperties": false' not in text
    assert "x-lenient-also" not in text
    assert '"additionalProperties": false' in json.dumps(dict(strict))
