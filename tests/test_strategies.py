"""The hypothesis strategies: every draw is checked by the validator."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alfred_contracts import validate
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.strategies import InvalidEvent, break_each_rule, events, invalid_events
from alfred_contracts.strategies.synth import Synth, date_times, uuids

NAMES = Catalog.load().names
#: per event and profile: 24 events x 2 profiles x 100 = 4,800 generated events a test
MANY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: enough broken events that every event shows at least four kinds of broken rule
BROKEN = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("profile", ["strict", "lenient"])
def test_events_are_valid(name: str, profile: str) -> None:
    @MANY
    @given(events(name, profile))
    def check(payload: dict[str, Any]) -> None:
        assert validate(payload, profile=profile) == (), payload

    check()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("profile", ["strict", "lenient"])
def test_invalid_events_break_the_rule_they_name(name: str, profile: str) -> None:
    seen: Counter[str] = Counter()

    @BROKEN
    @given(invalid_events(name, profile))
    def check(bad: InvalidEvent) -> None:
        found = {(v.instance_path, v.keyword) for v in validate(bad.payload, profile=profile)}
        assert (bad.instance_path, bad.keyword) in found, (bad.rule, found)
        seen[bad.keyword] += 1

    check()
    assert len(seen) >= 4, seen


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("profile", ["strict", "lenient"])
def test_break_each_rule_covers_every_kind_of_rule(
    name: str, profile: str, catalog: Catalog
) -> None:
    payload = catalog.event(name).schema["examples"][0]
    broken = break_each_rule(payload, name, profile)
    for bad in broken:
        found = {(v.instance_path, v.keyword) for v in validate(bad.payload, profile=profile)}
        assert (bad.instance_path, bad.keyword) in found, (bad.rule, found)
    keywords = {bad.keyword for bad in broken}
    expected = {"type", "const", "format", "required", "event_name"}
    expected |= {"additionalProperties", "minimum"} if profile == "strict" else {"anyOf"}
    assert expected <= keywords
    assert len({bad.rule for bad in broken}) == len(broken), "every rule is named apart"


def test_lenient_events_carry_unknown_fields_and_quirks() -> None:
    found = {"extra": False, "quoted_time": False}

    @settings(max_examples=300, deadline=None)
    @given(events("job_start_event", "lenient"))
    def check(payload: dict[str, Any]) -> None:
        known = {"event_id", "event_type", "event_time", "event"}
        found["extra"] |= bool(set(payload) - known)
        found["quoted_time"] |= isinstance(payload["event_time"], str)

    check()
    assert all(found.values()), found


@settings(max_examples=300, deadline=None)
@given(date_times())
def test_generated_date_times_are_valid(value: str) -> None:
    from alfred_contracts.engines.formats import is_date_time

    assert is_date_time(value)


@settings(max_examples=100, deadline=None)
@given(uuids())
def test_generated_uuids_are_valid(value: str) -> None:
    from alfred_contracts.engines.formats import is_uuid

    assert is_uuid(value)


def test_unsupported_keywords_are_refused_not_ignored() -> None:
    synth = Synth({"x": {"type": "number", "multipleOf": 3}}, extra_properties=False)
    with pytest.raises(NotImplementedError, match="multipleOf"):
        synth.strategy("x", {"$ref": "x"})


def test_strategies_are_hypothesis_strategies() -> None:
    assert isinstance(events("job_start_event"), st.SearchStrategy)
