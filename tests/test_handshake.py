"""The URL-verification handshake in the catalog: routed, validated and reported like an
event, yet not an event (the tools that exercise every event leave it out)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from alfred_contracts import UnknownEventError, validate
from alfred_contracts.cli import main
from alfred_contracts.schema.catalog import HANDSHAKE, Catalog

from conftest import EXAMPLES, SCHEMAS

HANDSHAKE_BODY = {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "challenge": "3eZbrw1a", "type": HANDSHAKE}
EVENT = json.loads((EXAMPLES / "job_start_event" / "integer_event_time.json").read_bytes())


def test_the_catalog_knows_the_handshake_but_not_as_an_event(catalog: Catalog) -> None:
    handshake = catalog.handshake
    assert handshake is not None
    assert (handshake.name, handshake.title) == (HANDSHAKE, "UrlVerification")
    assert handshake.path.name == "url_verification.schema.json"
    assert HANDSHAKE not in catalog.events
    assert HANDSHAKE not in catalog.names
    assert catalog.messages == {**catalog.events, HANDSHAKE: handshake}
    assert catalog.message(HANDSHAKE) is handshake
    with pytest.raises(UnknownEventError):
        catalog.event(HANDSHAKE)


def test_routing_sends_a_handshake_to_its_schema(catalog: Catalog) -> None:
    assert catalog.route(HANDSHAKE_BODY) == HANDSHAKE
    assert catalog.route({"type": HANDSHAKE}) == HANDSHAKE  # malformed: its schema says why
    assert catalog.route({**EVENT, "type": HANDSHAKE}) == "job_start_event"  # an event first
    unroutable = catalog.route({"type": "ping"})
    assert isinstance(unroutable, tuple)
    assert unroutable[2].startswith("cannot tell which event this is: there is no event object")
    assert HANDSHAKE not in unroutable[2]


@pytest.mark.parametrize("profile", ["strict", "lenient"])
def test_validate_accepts_the_handshake_and_judges_it_by_its_schema(profile: str) -> None:
    for example in Catalog.load().message(HANDSHAKE).schema["examples"]:
        assert validate(example, profile=profile) == ()
        assert validate(json.dumps(example), event=HANDSHAKE, profile=profile) == ()
    broken = validate({"type": HANDSHAKE, "challenge": ""}, profile=profile)
    assert {(v.event, v.instance_path, v.keyword) for v in broken} == {
        (HANDSHAKE, "", "required"),
        (HANDSHAKE, "/challenge", "minLength"),
    }
    extra = validate({**HANDSHAKE_BODY, "team_id": "T1"}, profile=profile)
    assert [v.keyword for v in extra] == ([] if profile == "lenient" else ["additionalProperties"])


def test_an_event_checked_as_the_handshake_is_refused() -> None:
    found = validate(EVENT, event=HANDSHAKE)
    assert {v.keyword for v in found} >= {"required", "additionalProperties"}


def test_a_captured_handshake_line_counts_as_a_checked_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [HANDSHAKE_BODY, EVENT, {"type": HANDSHAKE, "token": "t"}, {"type": "ping"}]
    capture = tmp_path / "capture.ndjson"
    capture.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    code = main(["validate", "--format", "json", str(capture)])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert code == 1
    assert (report["checked"], report["valid"], report["invalid"]) == (4, 2, 2)
    found = [(v["line"], v["event"], v["keyword"]) for v in report["violations"]]
    assert found == [(3, HANDSHAKE, "required"), (4, None, "event_name")]
    assert "challenge" in report["violations"][0]["message"]


def test_without_a_handshake_schema_routing_is_as_before(tmp_path: Path) -> None:
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    (tmp_path / "schemas" / "url_verification.schema.json").unlink()
    catalog = Catalog.load(tmp_path / "schemas")
    assert catalog.handshake is None
    assert catalog.messages == catalog.events
    routed = catalog.route(HANDSHAKE_BODY)
    assert isinstance(routed, tuple)
    assert "there is no event object" in routed[2]


def test_forcing_the_handshake_checks_every_line_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capture = tmp_path / "capture.ndjson"
    capture.write_text(json.dumps(HANDSHAKE_BODY) + "\n" + json.dumps(EVENT) + "\n", "utf-8")
    code = main(["validate", "--format", "json", "--event", HANDSHAKE, str(capture)])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert code == 1
    assert (report["checked"], report["valid"], report["invalid"]) == (2, 1, 1)
    assert {v["line"] for v in report["violations"]} == {2}
    assert {v["event"] for v in report["violations"]} == {HANDSHAKE}
