"""Examples are the corpus: every example passes, every counterexample fails as declared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document

from conftest import ROOT
from corpus import counterexamples, examples, expectations

EXPECTED = expectations()


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", examples(), ids=_id)
def test_example_is_valid_under_both_profiles(
    path: Path, strict: Checker, lenient: Checker
) -> None:
    value = read_document(path)
    assert strict.check(value, str(path)).violations == ()
    assert lenient.check(value, str(path)).violations == ()


@pytest.mark.parametrize("path", counterexamples(), ids=_id)
def test_counterexample_fails_as_declared(path: Path, strict: Checker, lenient: Checker) -> None:
    assert path in EXPECTED, f"{path.name} has no entry in expected.toml"
    entry: dict[str, Any] = EXPECTED[path]
    value = read_document(path)
    strict_result = strict.check(value, str(path))
    got = sorted([v.instance_path, v.keyword] for v in strict_result.violations)
    assert got == sorted(entry["strict"]), entry["why"]
    lenient_result = lenient.check(value, str(path))
    got = sorted([v.instance_path, v.keyword] for v in lenient_result.violations)
    assert got == sorted(entry["lenient"]), entry["why"]
    if "contains" in entry:
        messages = " | ".join(v.message for v in strict_result.violations)
        assert entry["contains"] in messages


def test_every_expectation_has_a_file() -> None:
    missing = [str(p) for p in EXPECTED if not p.is_file()]
    assert not missing


def test_every_event_has_examples_and_counterexamples(catalog: Any) -> None:
    for name in catalog.names:
        assert list((ROOT / "contracts" / "examples" / name).glob("*.json")), name
        assert list((ROOT / "contracts" / "counterexamples" / name).glob("*.json")), name


def test_messages_never_echo_huge_values(strict: Checker) -> None:
    value = read_document(examples()[0])
    assert isinstance(value, dict)
    value["event"]["job_id"] = "z" * 1_000_000
    (violation,) = strict.check(value).violations
    assert len(violation.message) < 300
