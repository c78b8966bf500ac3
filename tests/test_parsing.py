"""Bad bytes become ParseFailure values with a useful sentence, never exceptions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alfred_contracts import parsing
from alfred_contracts.parsing import ParseFailure, parse


def _message(raw: bytes) -> str:
    failure = parse(raw)
    assert isinstance(failure, ParseFailure), failure
    return " | ".join(message for _path, _keyword, message in failure.problems)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"", "empty document"),
        (b"  \n\t ", "empty document"),
        (b'\xef\xbb\xbf{"a": 1}', "byte-order mark"),
        (b'{"a": NaN}', "NaN and Infinity are not JSON numbers (column 7)"),
        (b'{"a": Infinity}', "NaN and Infinity"),
        (b'{"a": -Infinity}', "NaN and Infinity"),
        (b'{"a": "\xff"}', "not valid UTF-8: byte 0xFF at column 8"),
        (b'{\n "a": "caf\xc3"\n}', "not valid UTF-8: byte 0xC3 at line 2, column 11"),
        (b'{"a": 1} x', "unexpected content after the JSON document at column 10"),
        (b'{"a": 1}\n{"b": 2}', "unexpected content after the JSON document at line 2, column 1"),
        (b'{"a":\n  [1, 2', "truncated JSON: the document ends too early at line 2"),
        (b'{"a": 1e400}', "too large"),
        (b'{"a": "\\ud800"}', "unpaired UTF-16 surrogate"),
        (b"{'a': 1}", "invalid JSON at column 2"),
        (b"[" * 100_000, "nested deeper than 1024 levels"),
        (b'{"a": ' * 5000 + b"1" + b"}" * 5000, "nested deeper than 1024 levels"),
    ],
)
def test_bad_json_is_explained(raw: bytes, fragment: str) -> None:
    assert fragment in _message(raw)


def test_position_counts_characters_not_bytes() -> None:
    assert "at column 12:" in _message('{"é": "ü", x}'.encode())
    assert "at line 2, column 11:" in _message('{\n"é": "ü", x}'.encode())


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b'{"a": tru}', "at column 7:"),  # one line (an NDJSON record): the column alone
        (b'{"a": tru}\r', "at column 7:"),  # a CRLF record keeps its \r
        (b'{"a": tru}\n', "at column 7:"),  # a one-line .json file ending in a newline
        (b'{"a": tru,\n "b": 1}', "at line 1, column 7:"),  # several lines: line and column
    ],
)
def test_one_line_documents_get_the_column_alone(raw: bytes, where: str) -> None:
    assert where in _message(raw)


def test_duplicate_keys_are_found_with_their_pointer() -> None:
    failure = parse(b'{"a": 1, "b": {"c": 1, "c": 2, "d": [{"e": 1, "e": 1}]}, "a": 3}')
    assert isinstance(failure, ParseFailure)
    assert [(p, k) for p, k, _m in failure.problems] == [
        ("/a", "duplicate-key"),
        ("/b/c", "duplicate-key"),
        ("/b/d/0/e", "duplicate-key"),
    ]


def test_same_key_in_different_objects_is_fine() -> None:
    assert parse(b'{"event_type": "x", "event": {"event_type": "x"}}') == {
        "event_type": "x",
        "event": {"event_type": "x"},
    }


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a" : 1, "a" : 2}',  # white space before the colon
        b'{"a":1,"b":"x\\":","a":2}',  # an escaped quote and colon inside a string
        b'{"a":":","a":2}',  # a string that starts with a colon
        b'{"\\u0061":1,"a":2}',  # the same key, once escaped
    ],
)
def test_duplicates_hidden_from_the_fast_check_are_still_found(raw: bytes) -> None:
    failure = parse(raw)
    assert isinstance(failure, ParseFailure)
    assert failure.problems[0][:2] == ("/a", "duplicate-key")


def test_a_50_mb_string_parses() -> None:
    raw = b'{"company_name": "' + b"x" * (50 * 1024 * 1024) + b'"}'
    value = parse(raw)
    assert isinstance(value, dict)
    assert len(value["company_name"]) == 50 * 1024 * 1024


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(
            st.tuples(st.sampled_from(["a", "b", ":", '"', "\\", " a"]), children), max_size=5
        )
    ),
    max_leaves=20,
)


def _render(value: Any, gap: str) -> str:
    """JSON text where a list of (key, value) pairs becomes an object, duplicates and all."""
    if isinstance(value, list) and value and all(isinstance(i, tuple) for i in value):
        body = ",".join(f"{json.dumps(k)}{gap}:{gap}{_render(v, gap)}" for k, v in value)
        return "{" + body + "}"
    if isinstance(value, list):
        return "[" + ",".join(_render(v, gap) for v in value) + "]"
    return json.dumps(value)


def _has_duplicates(text: str) -> bool:
    found = False

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        keys = [k for k, _ in pairs]
        found = found or len(keys) != len(set(keys))
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return found


@settings(max_examples=800, deadline=None)
@given(_json_values, st.sampled_from(["", " ", "\n"]))
def test_duplicate_detection_is_exact(value: Any, spacing: str) -> None:
    text = _render(value, spacing)
    result = parse(text.encode())
    reported = isinstance(result, ParseFailure)
    assert reported == _has_duplicates(text)


def test_size_limit_is_reported_without_parsing() -> None:
    failure = parsing.too_large(200 * 1024 * 1024)
    assert "over the 128 MiB limit" in failure.problems[0][2]
