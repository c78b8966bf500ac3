"""The generated models, and parse(): the schema judges, the model reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

import alfred_events
from alfred_contracts import ContractViolation, parse, validate
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.strategies import events
from alfred_contracts.validation.loader import read_document

from corpus import counterexamples, examples, expectations

EXPECTED = expectations()


def test_every_event_has_a_model_named_after_its_schema_title(catalog: Catalog) -> None:
    assert sorted(alfred_events.EVENTS) == catalog.names
    for name, model in alfred_events.EVENTS.items():
        assert model.__name__ == catalog.event(name).title
        assert getattr(alfred_events, model.__name__) is model
    assert alfred_events.JobStartEvent.__doc__


def test_models_accept_more_than_the_contract_so_parse_checks_the_schema_first() -> None:
    body: dict[str, Any] = json.loads(examples()[0].read_text())
    body["event"]["job_id"] = body["event"]["job_id"].replace("-", "")  # no hyphens
    body["event"]["creation_date"] = 1685143200  # a number where a date belongs
    model = alfred_events.JobStartEvent.model_validate(body)  # the model reads it ...
    assert isinstance(model.event.job_id, UUID)
    with pytest.raises(ContractViolation) as raised:  # ... the contract does not
        parse(body)
    found = {(v.instance_path, v.keyword) for v in raised.value.violations}
    assert found == {("/event/job_id", "format"), ("/event/creation_date", "type")}


@pytest.mark.parametrize("path", examples(), ids=lambda p: p.name)
def test_every_example_parses_and_round_trips(path: Path) -> None:
    model = parse(path.read_bytes())
    assert isinstance(model, alfred_events.JobStartEvent)
    dumped = model.model_dump(mode="json")
    assert validate(dumped) == ()
    assert parse(orjson.dumps(dumped)) == model


@pytest.mark.parametrize("path", counterexamples(), ids=lambda p: p.name)
def test_every_counterexample_is_refused_with_its_violations(path: Path) -> None:
    with pytest.raises(ContractViolation) as raised:
        parse(path.read_bytes())
    got = sorted([v.instance_path, v.keyword] for v in raised.value.violations)
    assert got == sorted(EXPECTED[path]["strict"])


def test_parse_error_message_lists_every_violation() -> None:
    vendor = (
        Path(__file__).parent.parent / "contracts/vendor/job_start_event/documented_example.json"
    )
    with pytest.raises(ContractViolation) as raised:
        parse(vendor.read_bytes())
    text = str(raised.value)
    assert text.splitlines()[0] == "job_start_event payload breaks the contract (4 violations):"
    assert "  /event_time: expected a number" in text


def test_lenient_parse_reads_a_quoted_time_and_keeps_unknown_fields() -> None:
    body: Any = read_document(examples()[0])
    body["event_time"] = "1685143800.50"
    body["delivery"] = {"attempt": 2}
    body["event"]["region"] = "eu"
    model = parse(body, profile="lenient")
    assert model.event_time == 1685143800.5
    assert model.model_extra == {"delivery": {"attempt": 2}}
    assert model.event.model_extra == {"region": "eu"}
    with pytest.raises(ContractViolation):
        parse(body)  # strict


def test_a_leap_second_is_read_as_the_last_representable_instant() -> None:
    model = parse((examples()[0].parent / "leap_second.json").read_bytes())
    assert model.event.creation_date.isoformat() == "2016-12-31T23:59:59.999999+00:00"


def test_a_valid_date_python_cannot_hold_is_reported_not_crashed() -> None:
    body: Any = read_document(examples()[0])
    body["event"]["creation_date"] = "0000-01-01T00:00:00Z"  # RFC 3339 allows year 0
    assert validate(body) == ()
    with pytest.raises(ContractViolation) as raised:
        parse(body)
    (violation,) = raised.value.violations
    assert violation.keyword == "model"
    assert violation.instance_path == "/event/creation_date"


ROUND_TRIPS = settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _round_trip(payload: dict[str, Any], profile: str) -> None:
    model = parse(payload, profile=profile)
    dumped = model.model_dump(mode="json")
    assert validate(dumped, profile=profile) == ()
    again = parse(orjson.dumps(dumped), profile=profile)
    assert again == model
    assert again.model_dump(mode="json") == dumped  # idempotent after one normalisation


@ROUND_TRIPS
@given(events("job_start_event"))
def test_round_trip_holds_for_generated_strict_events(payload: dict[str, Any]) -> None:
    _round_trip(payload, "strict")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events("job_start_event", profile="lenient"))
def test_round_trip_holds_for_generated_lenient_events(payload: dict[str, Any]) -> None:
    _round_trip(payload, "lenient")
