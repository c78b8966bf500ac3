"""Examples are the corpus: every example passes, every counterexample fails as declared.

The checks themselves live in ``alfred_contracts.compat.corpus``, which the gate runs too:
these tests run them file by file, and show that they can fail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alfred_contracts.compat import corpus
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document

from conftest import ROOT
from corpus import counterexamples, examples, expectations

EXPECTED = expectations()


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def checkers(strict: Checker, lenient: Checker) -> dict[str, Checker]:
    return {"strict": strict, "lenient": lenient}


@pytest.mark.parametrize("path", examples(), ids=_id)
def test_example_is_valid_under_both_profiles(path: Path, checkers: dict[str, Checker]) -> None:
    assert corpus.example_problems(checkers, path) == []


@pytest.mark.parametrize("path", counterexamples(), ids=_id)
def test_counterexample_fails_as_declared(path: Path, checkers: dict[str, Checker]) -> None:
    assert path in EXPECTED, f"{path.name} has no entry in expected.toml"
    entry: dict[str, Any] = EXPECTED[path]
    assert corpus.counterexample_problems(checkers, path, entry) == [], entry.get("why")


def test_every_expectation_has_a_file_and_every_file_an_expectation() -> None:
    assert corpus.manifest_problems(ROOT, EXPECTED) == []
    assert len(EXPECTED) == len(counterexamples()) > 0


def test_every_event_has_examples_and_counterexamples(catalog: Catalog) -> None:
    assert catalog.names
    assert corpus.missing_corpus(ROOT, catalog.names, "examples") == []
    assert corpus.missing_corpus(ROOT, catalog.names, "counterexamples") == []


def test_contains_is_checked(checkers: dict[str, Checker]) -> None:
    path = ROOT / "contracts/counterexamples/job_start_event/date_february_30.json"
    entry = dict(EXPECTED[path])
    assert entry["contains"] == "February 2023 has no day 30"
    assert corpus.counterexample_problems(checkers, path, entry) == []
    entry["contains"] = "February 2023 has no day 31"
    (problem,) = corpus.counterexample_problems(checkers, path, entry)
    assert problem.startswith(
        "strict: no message contains 'February 2023 has no day 31'; the messages: "
    )
    assert "February 2023 has no day 30" in problem


def test_counterexample_problems_can_fail(checkers: dict[str, Checker]) -> None:
    good = examples()[0]
    entry = {"why": "w", "strict": [["/event_id", "format"]], "lenient": []}
    assert corpus.counterexample_problems(checkers, good, entry) == [
        "strict: expected [['/event_id', 'format']], got []",
    ]
    assert corpus.counterexample_problems(checkers, good, {"why": "w", "strict": []}) == [
        "expected.toml: `lenient` must be a list of [instance_path, keyword]"
    ]
    typo = {"why": "w", "strict": [], "lenient": [], "contain": "x"}
    assert corpus.counterexample_problems(checkers, good, typo) == [
        "expected.toml: unknown key 'contain'"
    ]


def test_example_problems_can_fail(checkers: dict[str, Checker], tmp_path: Path) -> None:
    value = json.loads(examples()[0].read_text("utf-8"))
    value["event_time"] = "1685143800"
    path = tmp_path / "quoted.json"
    path.write_text(json.dumps(value), "utf-8")
    assert corpus.example_problems(checkers, path) == [
        'strict: /event_time: expected a number, got a string: "1685143800"'
    ]


def test_manifest_problems_name_both_directions(tmp_path: Path) -> None:
    folder = tmp_path / "contracts" / "counterexamples" / "job_start_event"
    folder.mkdir(parents=True)
    (folder / "unlisted.json").write_text("{}")
    (folder / "expected.toml").write_text(
        '["gone.json"]\nwhy = "w"\nstrict = []\nlenient = []\n', "utf-8"
    )
    assert corpus.manifest_problems(tmp_path, corpus.expectations(tmp_path)) == [
        (folder / "unlisted.json", "no entry in expected.toml"),
        (folder / "expected.toml", "expected.toml names gone.json, which does not exist"),
    ]


def test_messages_never_echo_huge_values(strict: Checker) -> None:
    value = read_document(examples()[0])
    assert isinstance(value, dict)
    value["event"]["job_id"] = "z" * 1_000_000
    (violation,) = strict.check(value).violations
    assert len(violation.message) < 300
