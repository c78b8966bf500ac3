"""Messages that help: a misspelt property name gets a "did you mean", the same from every
engine and every path, and computed once however often a capture repeats the mistake."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from alfred_contracts.validation import messages
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.scan import scan_file

from conftest import ROOT

GOOD: dict[str, Any] = json.loads(
    (ROOT / "contracts/examples/job_start_event/compact_one_line.json").read_text("utf-8")
)
HINT = (
    'unexpected property "compnay_id": the contract does not define it; did you mean '
    '"company_id"? (the lenient profile accepts unknown properties)'
)


def _misspelt(*, keep_right_one: bool = False, name: str = "compnay_id") -> dict[str, Any]:
    event = json.loads(json.dumps(GOOD))
    inner = event["event"]
    value = inner["company_id"] if keep_right_one else inner.pop("company_id")
    inner[name] = value
    return event


def _messages(checker: Checker, value: object) -> list[tuple[str, str]]:
    result = checker.check(value, "x.json")
    return [(v.instance_path, v.message) for v in result.violations]


@pytest.mark.parametrize("engine", ["rs", "reference"])
def test_a_misspelt_property_gets_a_did_you_mean(engine: str, catalog: Any) -> None:
    found = _messages(Checker(catalog, engine=engine), _misspelt())  # type: ignore[arg-type]
    assert ("/event/compnay_id", HINT) in found
    assert ("/event", 'missing required property "company_id"') in found


@pytest.mark.parametrize("engine", ["rs", "reference"])
def test_no_suggestion_of_a_name_the_document_has(engine: str, catalog: Any) -> None:
    value = _misspelt(keep_right_one=True)
    found = _messages(Checker(catalog, engine=engine), value)  # type: ignore[arg-type]
    assert found == [
        (
            "/event/compnay_id",
            'unexpected property "compnay_id": the contract does not define it '
            "(the lenient profile accepts unknown properties)",
        )
    ]


def test_no_suggestion_for_a_name_unlike_any(strict: Checker) -> None:
    (found,) = _messages(strict, _misspelt(keep_right_one=True, name="delivery_attempt"))
    assert "did you mean" not in found[1]


def test_the_fast_path_and_the_general_path_say_the_same(strict: Checker) -> None:
    line = json.dumps(_misspelt(), separators=(",", ":")).encode()
    capture = b"\n".join([line] * 50) + b"\n"
    scanned = scan_file(io.BytesIO(capture), strict, "c.ndjson")
    assert len(scanned.invalid) == 50
    general = strict.check(json.loads(line), "c.ndjson", 1)
    for number, result in enumerate(scanned.invalid, 1):
        assert [v.message for v in result.violations] == [v.message for v in general.violations]
        assert result.line == number
    assert HINT in [v.message for v in general.violations]


def test_suggestions_are_computed_once_per_name(strict: Checker) -> None:
    messages.close_names.cache_clear()
    value = _misspelt(name="compnay_idd")
    for _ in range(200):
        strict.check(value)
    info = messages.close_names.cache_info()
    assert info.misses == 1
    assert info.hits >= 199
