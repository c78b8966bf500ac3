"""Design policy 4: the vendor's documented example fails exactly as the ledger says."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from alfred_contracts.compat import corpus
from alfred_contracts.schema import ledger
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document

from conftest import ROOT

LEDGERS = ledger.load_all(ROOT / "contracts" / "vendor")
#: the ledgers of pages that show an example (the others record decisions only)
WITH_EXAMPLE = sorted(name for name, book in LEDGERS.items() if book.documented_example)


def test_there_is_a_ledger_for_job_start_event() -> None:
    assert "job_start_event" in LEDGERS
    assert len(LEDGERS["job_start_event"].discrepancies) >= 4


@pytest.mark.parametrize("name", WITH_EXAMPLE)
@pytest.mark.parametrize("profile", ["strict", "lenient"])
def test_documented_example_fails_with_exactly_the_ledgered_violations(
    name: str, profile: str, catalog: Any
) -> None:
    book = LEDGERS[name]
    checker = Checker(catalog, profile=profile)
    assert corpus.ledger_problems({profile: checker}, book) == []
    assert book.expected(profile), "a ledger that expects nothing proves nothing"


@pytest.mark.parametrize("name", sorted(set(LEDGERS) - set(WITH_EXAMPLE)))
def test_a_ledger_without_an_example_expects_no_violation(name: str, strict: Checker) -> None:
    book = LEDGERS[name]
    assert book.discrepancies, "a page without an example still records its decisions"
    assert corpus.ledger_problems({"strict": strict}, book) == []
    first, *rest = book.discrepancies
    wrong = dataclasses.replace(
        book, discrepancies=(dataclasses.replace(first, strict="type"), *rest)
    )
    assert corpus.ledger_problems({"strict": strict}, wrong) == [
        f"{first.id}: expects a violation, but there is no documented example"
    ]


def test_ledger_problems_can_fail(strict: Checker) -> None:
    book = LEDGERS["job_start_event"]
    first, *rest = book.discrepancies
    moved = dataclasses.replace(first, path="/event/no_such_field")
    wrong = dataclasses.replace(book, discrepancies=(moved, *rest))
    assert corpus.ledger_problems({"strict": strict}, wrong) == [
        f"{first.id}: /event/no_such_field is not in the documented example",
        f"job_start_event (strict): the documented example gives "
        f"{sorted(book.expected('strict'))}, the ledger says {sorted(wrong.expected('strict'))}",
    ]


def test_documented_example_is_kept_verbatim() -> None:
    raw = LEDGERS["job_start_event"].documented_example.read_bytes()
    assert raw.startswith(b' {\n  "event_id": "d2e3f4g5-h6i7-j8k9-l0m1-n2o3p4q5r6s7"')
    assert b'"event_time": "1653645300.00"' in raw


def test_lenient_accepts_what_the_ledger_tolerates_and_nothing_more(lenient: Checker) -> None:
    book = LEDGERS["job_start_event"]
    example = read_document(book.documented_example)
    assert isinstance(example, dict)
    repaired = copy.deepcopy(example)
    # Mend only what the lenient profile still rejects (the placeholder ids) ...
    repaired["event_id"] = "5b0f3a52-8c1d-4e7a-9f36-0d2c4b7e91a8"
    repaired["event"]["company_id"] = "c7a4e2d9-3b61-4f08-8e5a-71d9b2c3f046"
    repaired["event"]["job_id"] = "e91d6c28-4a7f-4b3e-a0c5-9f82d1e6b734"
    # ... and add unknown fields, which a tolerant reader must accept.
    repaired["delivery_attempt"] = 2
    repaired["event"]["region"] = "eu-west"
    assert lenient.check(repaired).violations == ()
    # The quoted event_time stays; it must be a number-like string, nothing else.
    for bad in ("soon", "", "1.2.3", "-5", " 1653645300"):
        broken = copy.deepcopy(repaired)
        broken["event_time"] = bad
        (violation,) = lenient.check(broken).violations
        assert violation.instance_path == "/event_time"


def test_every_ledger_path_exists_in_the_example() -> None:
    checked = 0
    for book in LEDGERS.values():
        if book.documented_example is None:
            continue
        example = read_document(book.documented_example)
        if book.cut_off:  # records are about the part before the cut
            example = ledger.visible_part(book.documented_example.read_bytes())
        for record in book.discrepancies:
            if book.cut_off and not (record.strict or record.lenient):
                continue  # a decision about a field past the cut
            node: Any = example
            # "" points at the whole document (RFC 6901): a record about a cut-off example
            tokens = record.path.removeprefix("/").split("/") if record.path else []
            for token in tokens:
                assert isinstance(node, dict), f"{record.id}: {record.path} goes through a leaf"
                assert token in node, f"{record.id}: {record.path} is not in the example"
                node = node[token]
            checked += 1
    assert checked >= 4


def test_an_example_cut_before_its_event_name_is_checked_as_the_ledgers_event(
    strict: Checker,
) -> None:
    book = LEDGERS["file_failed_event"]
    assert book.documented_example is not None
    visible = ledger.visible_part(book.documented_example.read_bytes())
    assert isinstance(visible, dict)
    assert "event" not in visible  # nothing to route by ...
    assert strict.check(visible).event is None
    # ... yet the ledger holds it to the page's event: missing keys and the placeholder id
    assert book.expected("strict") == {("", "json"), ("", "required"), ("/event_id", "format")}
    assert corpus.ledger_problems({"strict": strict}, book) == []
