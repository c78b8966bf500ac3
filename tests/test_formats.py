"""Design policy 2, exactly: the project's format checks and jsonschema-rs's agree with it."""

from __future__ import annotations

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alfred_contracts.engines.formats import explain_date_time, explain_uuid, is_date_time, is_uuid

from corpus import DATE_TIME_CASES, UUID_CASES

VALID_UUIDS = {
    "123e4567-e89b-12d3-a456-426614174000",
    "123E4567-E89B-12D3-A456-426614174000",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
}
VALID_DATE_TIMES = {
    "2023-05-26T23:20:00Z",
    "2023-05-26t23:20:00z",
    "2023-05-26T23:20:00+02:00",
    "2023-05-26T23:20:00-00:00",
    "2023-05-26T23:20:00+23:59",
    "2023-05-26T23:20:00.5Z",
    "2023-05-26T23:20:00.123456789012Z",
    "2016-12-31T23:59:60Z",
    "2023-05-26T23:59:60Z",
    "2023-05-26T22:59:60-01:00",
    "2023-05-27T00:59:60+01:00",
    "2024-02-29T00:00:00Z",
    "2000-02-29T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
}


def _rs(fmt: str) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "format": fmt},
        validate_formats=True,
    )


RS_UUID = _rs("uuid")
RS_DATE_TIME = _rs("date-time")


@pytest.mark.parametrize("value", UUID_CASES, ids=repr)
def test_uuid_cases(value: str) -> None:
    expected = value in VALID_UUIDS
    assert is_uuid(value) is expected
    assert RS_UUID.is_valid(value) is expected
    assert (explain_uuid(value) is None) is expected


@pytest.mark.parametrize("value", DATE_TIME_CASES, ids=repr)
def test_date_time_cases(value: str) -> None:
    expected = value in VALID_DATE_TIMES
    assert is_date_time(value) is expected, explain_date_time(value)
    assert RS_DATE_TIME.is_valid(value) is expected


def test_explanations_name_the_problem() -> None:
    assert explain_date_time("2023-02-30T00:00:00Z") == "February 2023 has no day 30"
    assert "offset is missing" in str(explain_date_time("2023-05-26T23:20:00"))
    assert "leap second" in str(explain_date_time("2023-05-26T12:00:60Z"))
    assert "line break" in str(explain_date_time("2023-05-26T23:20:00Z\n"))
    assert "hyphens are missing" in str(explain_uuid("123e4567e89b12d3a456426614174000"))
    assert "braces" in str(explain_uuid("{123e4567-e89b-12d3-a456-426614174000}"))


def test_non_strings_pass_format_checks() -> None:
    # JSON Schema formats apply to strings only; "type" rejects the rest.
    assert is_uuid(5)
    assert is_date_time(None)


_DIGIT = st.sampled_from("0123456789")
_date_times = st.builds(
    lambda y, mo, d, h, mi, s, frac, t, zone: f"{y}-{mo}-{d}{t}{h}:{mi}:{s}{frac}{zone}",
    st.text(_DIGIT, min_size=4, max_size=4),
    st.sampled_from([f"{m:02d}" for m in range(14)]),
    st.sampled_from([f"{d:02d}" for d in range(33)]),
    st.sampled_from([f"{h:02d}" for h in range(26)]),
    st.sampled_from([f"{m:02d}" for m in range(61)]),
    st.sampled_from([f"{s:02d}" for s in range(62)]),
    st.sampled_from(["", ".0", ".123", ".", ",5"]),
    st.sampled_from(["T", "t", " "]),
    st.sampled_from(["Z", "z", "", "+00:00", "-01:00", "+01:00", "+14:30", "+24:00", "-23:59"]),
)


@settings(max_examples=1500, deadline=None)
@given(_date_times)
def test_date_time_agrees_with_jsonschema_rs(value: str) -> None:
    assert is_date_time(value) is RS_DATE_TIME.is_valid(value), explain_date_time(value)


_HEXISH = st.sampled_from("0123456789abcdefABCDEFgz-{} ")


@settings(max_examples=1500, deadline=None)
@given(
    st.one_of(
        st.text(_HEXISH, min_size=30, max_size=40),
        st.uuids().map(str).map(lambda u: u.upper() if len(u) % 2 else u),
        st.uuids().map(lambda u: u.hex),
    )
)
def test_uuid_agrees_with_jsonschema_rs(value: str) -> None:
    assert is_uuid(value) is RS_UUID.is_valid(value)
