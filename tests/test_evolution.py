"""The evolution corpus (tests/evolution/*.json): every case's own claims hold, and the
comparison never contradicts them: no false "compatible", a confirmed witness for every
"breaking", and few "unknown"s (the rate is measured here and stated in the docs)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from alfred_contracts.compat.changes import Verdict
from alfred_contracts.compat.diff import diff
from alfred_contracts.compat.witness import prove
from evolution_cases import Case, checks, load, side, truth_problems

CASES = load()
DOCS = Path(__file__).parent.parent / "docs" / "guides" / "compatibility.md"


_VERDICTS: dict[tuple[str, str], Verdict] = {}


def verdict_of(case: Case) -> Verdict:
    key = (case.area, case.name)
    if key not in _VERDICTS:
        old, new = side(case.name, "old", case.old), side(case.name, "new", case.new)
        _VERDICTS[key] = prove(diff(old, new), old, new)
    return _VERDICTS[key]


def test_the_corpus_is_large_and_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.area}/{case.name}")
def test_truth(case: Case) -> None:
    assert truth_problems(case) == []


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.area}/{case.name}")
def test_the_verdict_is_never_wrong_and_every_break_is_witnessed(case: Case) -> None:
    verdict = verdict_of(case)
    old = checks(case.name, "old", case.old)
    new = checks(case.name, "new", case.new)
    for direction, truth, mine, ok, bad in (
        ("backward", case.backward, "old", old, new),
        ("forward", case.forward, "new", new, old),
    ):
        said = getattr(verdict, direction)
        if said is True:
            assert truth is True, f"false compatible ({direction})"
        if said is False:
            assert truth is False, f"false breaking ({direction})"
            witnesses = [w for c in verdict.changes for w in (c.witness, c.witness_other)
                         if w is not None and w.valid_under == mine]  # fmt: skip
            assert witnesses, f"{direction} is breaking without a witness"
            for witness in witnesses:
                assert all(check(witness.instance) for check in ok)
                assert not any(check(witness.instance) for check in bad)


def rates() -> dict[str, Any]:
    directions = [getattr(verdict_of(case), d) for case in CASES for d in ("backward", "forward")]
    unknown = sum(1 for d in directions if d is None)
    return {
        "pairs": len(CASES),
        "directions": len(directions),
        "compatible": sum(1 for d in directions if d is True),
        "breaking": sum(1 for d in directions if d is False),
        "unknown": unknown,
        "rate": unknown / len(directions),
    }


def test_unknown_is_rare_and_the_docs_state_the_measured_rates() -> None:
    found = rates()
    assert found["rate"] <= 0.10, found
    text = " ".join(DOCS.read_text("utf-8").split())  # as the page reads, not as it wraps
    stated = re.search(
        r"(\d+) pairs, (\d+) directions: (\d+) proven compatible, (\d+) proven breaking "
        r"\(each with a witness\), (\d+) unknown",
        text,
    )
    assert stated is not None, "the compatibility page must state the corpus rates"
    numbers = [int(n) for n in stated.groups()]
    keys = ["pairs", "directions", "compatible", "breaking", "unknown"]
    assert numbers == [found[k] for k in keys], found
