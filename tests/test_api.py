"""The public library surface."""

from __future__ import annotations

import json

import pytest

import alfred_contracts
from alfred_contracts import UnknownEventError, Violation, validate

from conftest import EXAMPLES

GOOD = (EXAMPLES / "job_start_event" / "integer_event_time.json").read_bytes()


def test_all_is_complete_and_importable() -> None:
    for name in alfred_contracts.__all__:
        assert getattr(alfred_contracts, name) is not None
    public = {n for n in dir(alfred_contracts) if not n.startswith("_")}
    assert public <= set(alfred_contracts.__all__)


def test_unknown_attribute_raises() -> None:
    with pytest.raises(AttributeError):
        alfred_contracts.nope  # noqa: B018


@pytest.mark.parametrize("payload", [GOOD, GOOD.decode(), json.loads(GOOD)])
def test_validate_accepts_bytes_text_and_parsed_values(payload: object) -> None:
    assert validate(payload) == ()


def test_validate_reports_violations_as_records() -> None:
    body = json.loads(GOOD)
    body["event_time"] = "1685143800"
    (violation,) = validate(body)
    assert isinstance(violation, Violation)
    assert (violation.instance_path, violation.keyword) == ("/event_time", "type")
    assert validate(body, profile="lenient") == ()


def test_validate_parses_bytes_strictly() -> None:
    (violation,) = validate(b'{"a": 1, "a": 2}')
    assert violation.keyword == "duplicate-key"


def test_validate_with_an_event_name() -> None:
    assert validate(GOOD, event="job_start_event") == ()
    with pytest.raises(UnknownEventError):
        validate(GOOD, event="job_stop_event")
    with pytest.raises(ValueError, match="unknown profile"):
        validate(GOOD, profile="loose")
