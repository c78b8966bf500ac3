"""Design policy 3: the default engine and the reference engine give one verdict.

Both engines run over the example corpus, the counterexamples, the vendor example and at
least 2,000 generated events, under both profiles. Any difference in verdict fails, and
so does any difference in the violations reported (pointer and keyword).
"""

from __future__ import annotations

from typing import Any

import pytest

from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document

from corpus import counterexamples, examples, generated

GENERATED = 2400


def _corpus() -> list[tuple[str, Any]]:
    files = [*examples(), *counterexamples()]
    items = [(str(p.name), read_document(p)) for p in files]
    items.extend(generated(GENERATED))
    return items


CORPUS = _corpus()


def _signature(checker: Checker, value: Any) -> tuple[bool, set[tuple[str, str]]]:
    result = checker.check(value)
    return result.valid, {(v.instance_path, v.keyword) for v in result.violations}


@pytest.mark.parametrize("profile", ["strict", "lenient"])
def test_engines_agree_on_every_event(profile: str, catalog: Any) -> None:
    fast = Checker(catalog, profile=profile, engine="rs")
    reference = Checker(catalog, profile=profile, engine="reference")
    disagreements = []
    for label, value in CORPUS:
        ours, theirs = _signature(fast, value), _signature(reference, value)
        if ours != theirs:
            disagreements.append(f"{label}: rs={ours} reference={theirs}")
    assert not disagreements, "\n".join(disagreements[:20])


def test_generated_corpus_is_large_and_mixed(strict: Checker) -> None:
    verdicts = [strict.check(value).valid for _label, value in generated(GENERATED)]
    assert len(verdicts) >= 2000
    assert sum(verdicts) >= 400, "too few valid events to mean anything"
    assert len(verdicts) - sum(verdicts) >= 400, "too few invalid events to mean anything"


def test_the_generator_is_deterministic() -> None:
    first = [label for label, _ in generated(50)]
    assert first == [label for label, _ in generated(50)]
