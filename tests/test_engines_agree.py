"""Design policy 3: the default engine and the reference engine give one verdict.

Both engines run over the example corpus, the counterexamples, the vendor example and at
least 2,000 generated events, under both profiles. Any difference in verdict fails, and
so does any difference in the violations reported (pointer and keyword).
"""

from __future__ import annotations

from typing import Any

import pytest

from alfred_contracts.compat import corpus
from alfred_contracts.schema import ledger
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document

from conftest import ROOT
from corpus import generated

GENERATED = 2400


def _corpus() -> list[tuple[str, Any]]:
    files = corpus.engine_corpus_files(
        ROOT, ledger.load_all(ROOT / "contracts" / "vendor").values()
    )
    items = [(str(p.relative_to(ROOT)), read_document(p)) for p in files]
    items.extend(generated(GENERATED))
    return items


CORPUS = _corpus()


@pytest.mark.parametrize("profile", ["strict", "lenient"])
def test_engines_agree_on_every_event(profile: str, catalog: Any) -> None:
    fast = Checker(catalog, profile=profile, engine="rs")
    reference = Checker(catalog, profile=profile, engine="reference")
    disagreements = [
        f"{label}: {problem}"
        for label, value in CORPUS
        for problem in corpus.engine_disagreements(fast, reference, value)
    ]
    assert not disagreements, "\n".join(disagreements[:20])


def test_the_corpus_holds_every_kind_of_file() -> None:
    labels = [label for label, _value in CORPUS]
    assert any(label.startswith("contracts/examples/") for label in labels)
    assert any(label.startswith("contracts/counterexamples/") for label in labels)
    assert "contracts/vendor/job_start_event/documented_example.json" in labels
    assert sum(label.startswith("gen-") for label in labels) == GENERATED


def test_a_disagreement_is_reported(strict: Checker, lenient: Checker) -> None:
    value = read_document(
        ROOT / "contracts/counterexamples/job_start_event/event_time_as_string.json"
    )
    assert corpus.engine_disagreements(strict, strict, value) == []
    assert corpus.engine_disagreements(strict, lenient, value) == [
        "jsonschema-rs says [('/event_time', 'type')], the reference says []"
    ]


def test_generated_corpus_is_large_and_mixed(strict: Checker) -> None:
    verdicts = [strict.check(value).valid for _label, value in generated(GENERATED)]
    assert len(verdicts) >= 2000
    assert sum(verdicts) >= 400, "too few valid events to mean anything"
    assert len(verdicts) - sum(verdicts) >= 400, "too few invalid events to mean anything"


def test_the_generator_is_deterministic() -> None:
    first = [label for label, _ in generated(50)]
    assert first == [label for label, _ in generated(50)]
