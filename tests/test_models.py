"""The generated models hold the contract: each accepts exactly what its schema accepts.

For both profiles, the model's verdict (``TypeAdapter(AlfredEvent | UrlVerification)``) is
compared with the default engine's (``alfred_contracts.validate``) on the contract corpus
(examples, counterexamples, the vendor's examples), on every body of the consumer suite
(edge cases, every rule broken once, bad deliveries), on edge values put into every field
of every event, and on hypothesis-generated events in both directions.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

import alfred_events
import alfred_events.lenient
from alfred_contracts import ContractViolation, parse, validate
from alfred_contracts.parsing import ParseFailure
from alfred_contracts.parsing import parse as parse_json
from alfred_contracts.schema.catalog import HANDSHAKE, Catalog
from alfred_contracts.strategies import break_each_rule, events, invalid_events

from conftest import ROOT
from corpus import (
    CONST_VALUES,
    DATE_TIME_CASES,
    NAME_VALUES,
    TIME_VALUES,
    UUID_CASES,
    counterexamples,
    examples,
    expectations,
)

PROFILES = ("strict", "lenient")
EXPECTED = expectations()
PACKAGES: dict[str, Any] = {"strict": alfred_events, "lenient": alfred_events.lenient}
ADAPTERS = {
    profile: TypeAdapter(package.AlfredEvent | package.UrlVerification)
    for profile, package in PACKAGES.items()
}
NAMES = Catalog.load().names
VENDOR = sorted((ROOT / "contracts" / "vendor").rglob("*.json"))
HANDSHAKES = [dict(body) for body in Catalog.load().message(HANDSHAKE).schema["examples"]]


#: the one documented limit: a valid value Python cannot hold (a date-time in year 0000)
UNREPRESENTABLE = "date_time_range"


def model_accepts(value: object, profile: str) -> bool:
    try:
        ADAPTERS[profile].validate_python(value)
    except ValidationError:
        return False
    return True


def _unrepresentable(value: object, profile: str) -> bool:
    """Whether the routed model refuses ``value`` only because Python cannot hold it."""
    name = Catalog.load().route(value)
    assert isinstance(name, str)
    try:
        PACKAGES[profile].MODELS[name].model_validate(value)
    except ValidationError as error:
        return {issue["type"] for issue in error.errors()} == {UNREPRESENTABLE}
    return False


def schema_accepts(value: object, profile: str) -> bool:
    return validate(value, profile=profile) == ()


def disagreement(value: object, profile: str) -> str | None:
    """None when model and schema agree on ``value``; else what each said.

    A value the schema accepts and the model refuses only because Python cannot hold it
    (``UNREPRESENTABLE``) counts as agreement: ``parse`` reports it, as a test below shows.
    """
    schema, model = schema_accepts(value, profile), model_accepts(value, profile)
    if schema == model or (schema and _unrepresentable(value, profile)):
        return None
    shown = json.dumps(value, ensure_ascii=False)[:300]
    return f"{profile}: schema {'accepts' if schema else 'refuses'}, model does not: {shown}"


def base_event(name: str) -> dict[str, Any]:
    """A valid payload of ``name``: its first example file, else its schema's example."""
    for path in sorted((ROOT / "contracts" / "examples" / name).glob("*.json")):
        value = json.loads(path.read_bytes())
        if schema_accepts(value, "strict"):
            return dict(value)
    return dict(Catalog.load().event(name).schema["examples"][0])


# -- the package ------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_every_event_has_a_model_named_after_its_schema_title(
    catalog: Catalog, profile: str
) -> None:
    package = PACKAGES[profile]
    assert profile == package.PROFILE
    assert sorted(package.EVENTS) == catalog.names
    for name, model in package.EVENTS.items():
        assert model.__name__ == catalog.event(name).title
        assert getattr(package, model.__name__) is model
        assert model.__doc__
        assert model.__module__.startswith(package.__name__ + ".")
    assert {**package.EVENTS, HANDSHAKE: package.UrlVerification} == package.MODELS
    assert set(package.__all__) >= {"AlfredEvent", "UrlVerification", "EVENTS", "MODELS"}


def test_the_profiles_have_distinct_classes() -> None:
    strict, lenient = alfred_events.EVENTS, alfred_events.lenient.EVENTS
    assert all(strict[name] is not lenient[name] for name in strict)


# -- the corpus -------------------------------------------------------------------------


def _parsed(paths: list[Path]) -> list[tuple[str, object]]:
    found = []
    for path in paths:
        value = parse_json(path.read_bytes())
        if not isinstance(value, ParseFailure):  # bytes no parser accepts: not a model's job
            found.append((path.relative_to(ROOT).as_posix(), value))
    return found


CORPUS = _parsed(examples() + counterexamples() + VENDOR)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(("source", "value"), CORPUS, ids=[source for source, _v in CORPUS])
def test_model_and_schema_agree_on_the_corpus(source: str, value: object, profile: str) -> None:
    assert disagreement(value, profile) is None


def test_the_corpus_is_not_empty_and_both_verdicts_occur() -> None:
    verdicts = {schema_accepts(value, "strict") for _source, value in CORPUS}
    assert verdicts == {True, False}
    assert len(CORPUS) > 50


def _suite_bodies() -> Iterator[tuple[str, bytes]]:
    from alfred_contracts.consumer.suite import Suite

    suite = Suite(Catalog.load(), ROOT / "contracts")
    for group in suite.deterministic():
        for probe in group():
            if len(probe.request.body) < 1_000_000:
                yield probe.name, probe.request.body


@pytest.mark.parametrize("profile", PROFILES)
def test_model_and_schema_agree_on_every_body_of_the_consumer_suite(profile: str) -> None:
    found, checked = [], 0
    for name, body in _suite_bodies():
        value = parse_json(body)
        if isinstance(value, ParseFailure):
            continue
        checked += 1
        problem = disagreement(value, profile)
        if problem is not None:
            found.append(f"{name}: {problem}")
    assert checked > 100
    assert found == []


# -- edge values in every field ---------------------------------------------------------

EDGE_VALUES: list[Any] = [
    *UUID_CASES,
    *DATE_TIME_CASES,
    *TIME_VALUES,
    *NAME_VALUES,
    *CONST_VALUES,
    "https://alfredstorage.blob.core.windows.net/files/a.pdf",
    "HTTPS://example.com/a b",
    "https://example.com/\ufeff",
    "https://example.com/\x85",
    "ftp://example.com/a",
    "https://",
    "0.95",
    "1.0",
    "1.5",
    "00.5",
    ".5",
    "true",
    "True",
    "150",
    "-1",
    "1e3",
    0.5,
    1.0,
    2.0,
    -0.0,
    1e308,
    "٣",
    [],
    ["https://example.com/a"],
    ["x"],
    {"nested": True},
]


def _leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, (*path, key))
    elif isinstance(value, list):
        yield path
        for index, inner in enumerate(value[:1]):
            yield from _leaves(inner, (*path, str(index)))
    else:
        yield path


def _replaced(payload: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(payload)
    node: Any = changed
    for key in path[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if isinstance(node, list):
        node[int(path[-1])] = value
    else:
        node[path[-1]] = value
    return changed


@pytest.mark.parametrize("name", NAMES)
def test_model_and_schema_agree_on_edge_values_in_every_field(name: str) -> None:
    base = base_event(name)
    found, checked = [], 0
    for path in [p for p in _leaves(base) if p]:
        for value in EDGE_VALUES:
            payload = _replaced(base, path, value)
            for profile in PROFILES:
                checked += 1
                problem = disagreement(payload, profile)
                if problem is not None:
                    found.append(f"/{'/'.join(path)} = {value!r}: {problem[:120]}")
    assert checked > 500
    assert found == []


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", NAMES)
def test_every_rule_broken_once_is_refused_by_the_model(name: str, profile: str) -> None:
    broken = break_each_rule(base_event(name), name, profile)
    assert broken
    for bad in broken:
        assert not schema_accepts(bad.payload, profile), bad.rule
        assert not model_accepts(bad.payload, profile), bad.rule


# -- generated events, both directions --------------------------------------------------

GENERATED = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", NAMES)
@GENERATED
@given(data=st.data())
def test_generated_valid_events_load_and_round_trip(name: str, profile: str, data: Any) -> None:
    payload = data.draw(events(name, profile))
    model = ADAPTERS[profile].validate_python(payload)
    assert type(model) is PACKAGES[profile].EVENTS[name]
    dumped = model.model_dump(mode="json")
    assert validate(dumped, profile=profile) == ()
    again = ADAPTERS[profile].validate_json(json.dumps(dumped))
    assert again == model
    assert again.model_dump(mode="json") == dumped  # idempotent after one normalisation


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", NAMES)
@GENERATED
@given(data=st.data())
def test_generated_invalid_events_are_refused(name: str, profile: str, data: Any) -> None:
    bad = data.draw(invalid_events(name, profile))
    assert not schema_accepts(bad.payload, profile), bad.rule
    assert not model_accepts(bad.payload, profile), bad.rule


@pytest.mark.parametrize("profile", PROFILES)
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_model_and_schema_agree_on_generated_events_with_one_value_changed(
    profile: str, data: Any
) -> None:
    """Either verdict, as long as both say the same: a valid event, one leaf replaced."""
    from alfred_contracts.strategies.synth import JSON_VALUES

    name = data.draw(st.sampled_from(NAMES))
    payload = data.draw(events(name, profile))
    path = data.draw(st.sampled_from([p for p in _leaves(payload) if p]))
    value = data.draw(st.one_of(st.sampled_from(EDGE_VALUES), JSON_VALUES, st.floats()))
    assert disagreement(_replaced(payload, path, value), profile) is None


# -- the union, the handshake, parse() --------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_the_union_picks_the_class_by_event_name(profile: str) -> None:
    package = PACKAGES[profile]
    adapter = TypeAdapter(package.AlfredEvent)
    for name in NAMES:
        assert type(adapter.validate_python(base_event(name))) is package.EVENTS[name]
    unknown = base_event(NAMES[0])
    unknown["event"]["event_name"] = "job_pause_event"
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        adapter.validate_python(unknown)
    with pytest.raises(ValidationError):
        adapter.validate_python(HANDSHAKES[0])


@pytest.mark.parametrize("profile", PROFILES)
def test_a_body_typed_as_event_or_handshake_gets_the_right_class(profile: str) -> None:
    package = PACKAGES[profile]
    for handshake in HANDSHAKES:
        body = json.dumps(handshake).encode()
        assert type(ADAPTERS[profile].validate_json(body)) is package.UrlVerification
    for name in NAMES:
        body = json.dumps(base_event(name)).encode()
        assert type(ADAPTERS[profile].validate_json(body)) is package.EVENTS[name]


def test_the_handshake_model_is_closed_in_strict_and_open_in_lenient() -> None:
    extra = {**HANDSHAKES[0], "team": "T1"}
    assert not model_accepts(extra, "strict")
    handshake = ADAPTERS["lenient"].validate_python(extra)
    assert handshake.model_extra == {"team": "T1"}
    assert not model_accepts({**HANDSHAKES[0], "challenge": ""}, "lenient")


def test_the_union_has_a_json_schema_for_openapi() -> None:
    schema = ADAPTERS["strict"].json_schema()
    text = json.dumps(schema)
    assert '"format": "uuid"' in text
    assert '"format": "date-time"' in text
    assert len(schema["anyOf"]) == 2


@pytest.mark.filterwarnings("ignore:.*httpx2")  # Starlette 1.x nudges towards httpx2
def test_a_starlette_receiver_typed_with_the_union() -> None:
    """What FastAPI does with ``body: AlfredEvent | UrlVerification``, with Starlette."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from alfred_events import AlfredEvent, UrlVerification

    body_type: TypeAdapter[AlfredEvent | UrlVerification] = TypeAdapter(
        AlfredEvent | UrlVerification
    )

    async def webhook(request: Request) -> PlainTextResponse | JSONResponse:
        try:
            message = body_type.validate_json(await request.body())
        except ValidationError as error:
            return JSONResponse({"detail": error.errors(include_url=False)}, status_code=422)
        if isinstance(message, UrlVerification):
            return PlainTextResponse(message.challenge)
        return JSONResponse({"class": type(message).__name__, "id": str(message.event_id)})

    client = TestClient(Starlette(routes=[Route("/hook", webhook, methods=["POST"])]))
    answer = client.post("/hook", json=HANDSHAKES[0])
    assert (answer.status_code, answer.text) == (200, HANDSHAKES[0]["challenge"])
    for name in NAMES:
        answer = client.post("/hook", json=base_event(name))
        assert answer.json()["class"] == Catalog.load().event(name).title
    bad = base_event(NAMES[0])
    bad["event_id"] = "{" + bad["event_id"] + "}"
    answer = client.post("/hook", json=bad)
    assert answer.status_code == 422
    assert "braces are not allowed" in answer.text


@pytest.mark.parametrize("path", examples(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_parses_into_its_class_and_round_trips(path: Path) -> None:
    model = parse(path.read_bytes())
    assert type(model) is alfred_events.EVENTS[path.parent.name]
    dumped = model.model_dump(mode="json")
    assert validate(dumped) == ()
    assert parse(orjson.dumps(dumped)) == model


@pytest.mark.parametrize("profile", PROFILES)
def test_parse_returns_the_handshake_model(profile: str) -> None:
    for handshake in HANDSHAKES:
        model = parse(json.dumps(handshake), profile=profile)
        assert type(model) is PACKAGES[profile].UrlVerification
        assert model.challenge == handshake["challenge"]
    with pytest.raises(ContractViolation) as raised:
        parse({**HANDSHAKES[0], "challenge": ""}, profile=profile)
    assert raised.value.event == HANDSHAKE


@pytest.mark.parametrize("path", counterexamples(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_counterexample_is_refused_by_parse_with_its_violations(path: Path) -> None:
    with pytest.raises(ContractViolation) as raised:
        parse(path.read_bytes())
    got = sorted([v.instance_path, v.keyword] for v in raised.value.violations)
    assert got == sorted(EXPECTED[path]["strict"])


def test_lenient_parse_reads_quoted_values_and_keeps_unknown_fields() -> None:
    body = base_event("job_start_event")
    body["event_time"] = "1685143800.50"
    body["delivery"] = {"attempt": 2}
    body["event"]["region"] = "eu"
    model = parse(body, profile="lenient")
    assert type(model) is alfred_events.lenient.JobStartEvent
    assert model.event_time == 1685143800.5
    assert model.model_extra == {"delivery": {"attempt": 2}}
    assert model.event.model_extra == {"region": "eu"}
    with pytest.raises(ContractViolation):
        parse(body)  # strict
    assert not model_accepts(body, "strict")


def test_a_leap_second_is_read_as_the_last_representable_instant() -> None:
    model = parse((ROOT / "contracts/examples/job_start_event/leap_second.json").read_bytes())
    assert model.event.creation_date.isoformat() == "2016-12-31T23:59:59.999999+00:00"


def test_a_valid_date_python_cannot_hold_is_reported_not_crashed() -> None:
    body = base_event("job_start_event")
    body["event"]["creation_date"] = "0000-01-01T00:00:00Z"  # RFC 3339 allows year 0
    assert validate(body) == ()
    with pytest.raises(ContractViolation) as raised:
        parse(body)
    (violation,) = raised.value.violations
    assert violation.keyword == "model"
    assert violation.instance_path == "/event/creation_date"
    assert "year 0000" in violation.message
