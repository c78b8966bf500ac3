"""The job events' vendor ledgers: cut-off examples, pages without one, and the quirks.

Three job pages cut their example off (create, failed, invalid) and two show none
(exceeded retries, retry). These tests pin how the ledger reads a cut-off example (its
visible part), and that the lenient profile tolerates exactly the quirks those visible parts
show: Booleans and Integers quoted as strings.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from alfred_contracts.compat import corpus
from alfred_contracts.parsing import ParseFailure
from alfred_contracts.schema import ledger
from alfred_contracts.validation.checker import Checker

from conftest import ROOT

LEDGERS = ledger.load_all(ROOT / "contracts" / "vendor")
JOB_EVENTS = [
    "job_create_event",
    "job_exceeded_retries_event",
    "job_failed_event",
    "job_finished_event",
    "job_invalid_event",
    "job_retry_event",
    "job_stage_update_event",
    "job_start_event",
]


# -- reading what a cut-off example shows -----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "visible"),
    [
        (b'{"a": 1}', {"a": 1}),  # a whole document is itself
        (b'{"a": 1, "b": "cut he', {"a": 1}),  # the member the cut falls in goes, whole
        (b'{"a": "x\\"y,", "b": {"c": [1, 2], "d": [\n "Net', {"a": 'x"y,', "b": {"c": [1, 2]}}),
        (b'{"a": [{"b": 1}, {"c', {}),  # no half-shown array: the member goes
        (b'{"event": {"event_name": "x", "event_ty', {"event": {"event_name": "x"}}),
        (b'{"a', {}),
    ],
)
def test_visible_part_keeps_exactly_the_complete_members(raw: bytes, visible: Any) -> None:
    assert ledger.visible_part(raw) == visible


def test_visible_part_of_something_that_is_not_an_object_is_a_parse_failure() -> None:
    assert isinstance(ledger.visible_part(b"not json"), ParseFailure)


# -- the cut-off job examples --------------------------------------------------------------


CUT_OFF = ["job_create_event", "job_failed_event", "job_invalid_event"]


@pytest.mark.parametrize("name", CUT_OFF)
def test_a_cut_off_example_is_kept_unparseable_and_ledgered_as_such(name: str) -> None:
    book = LEDGERS[name]
    assert book.cut_off
    assert book.documented_example is not None
    raw = book.documented_example.read_bytes()
    assert raw.startswith(b'{\n  "event_id": "')
    assert not raw.rstrip().endswith(b"}")
    assert ("", "json") in book.expected("strict")
    assert ("", "json") in book.expected("lenient")


def test_a_cut_off_ledger_must_still_match_its_visible_part(strict: Checker) -> None:
    book = LEDGERS["job_create_event"]
    assert corpus.ledger_problems({"strict": strict}, book) == []
    merge = next(d for d in book.discrepancies if d.path == "/event/merge")
    others = tuple(d for d in book.discrepancies if d is not merge)
    forgotten = dataclasses.replace(book, discrepancies=others)
    (problem,) = corpus.ledger_problems({"strict": strict}, forgotten)
    assert problem.startswith("job_create_event (strict): the visible part of the example gives")
    no_json = tuple(d for d in book.discrepancies if d.path != "")
    (problem,) = corpus.ledger_problems(
        {"strict": strict}, dataclasses.replace(book, discrepancies=no_json)
    )
    assert problem == (
        "job_create_event (strict): the cut-off example gives [('', 'json')], the ledger says []"
    )


def test_a_record_past_the_cut_may_only_record_a_decision(strict: Checker) -> None:
    book = LEDGERS["job_create_event"]
    urls = next(d for d in book.discrepancies if d.path == "/event/file_urls")
    assert not urls.strict  # past the cut: a decision only
    assert not urls.lenient
    wrong = dataclasses.replace(
        book,
        discrepancies=tuple(
            dataclasses.replace(d, strict="type") if d is urls else d for d in book.discrepancies
        ),
    )
    assert f"{urls.id}: /event/file_urls is not in the documented example" in (
        corpus.ledger_problems({"strict": strict}, wrong)
    )


# -- the quirks the lenient profile tolerates, and nothing more -----------------------------

#: what the visible parts show quoted, and a valid stand-in for what they do not show
MENDED: dict[str, dict[str, Any]] = {
    "job_create_event": {
        "event_id": "3c9e7a41-52d8-4f16-b0a3-8e6d2c1f5b97",
        "event": {
            "company_id": "f1d3a5c7-9e2b-4d6f-8a0c-2e4b6d8f0a1c",
            "company_name": "Distribuidora Andina S.A.",
            "file_urls": [],
            "creation_date": "2022-05-19T05:20:00Z",
            "update_date": "2022-05-19T05:20:00Z",
        },
    },
    "job_failed_event": {
        "event_id": "c5e7a9b1-3d4f-4a6c-8e0b-2d4f6a8c0e35",
        "event": {
            "job_id": "95c3e7a1-2f4b-4d68-b0a2-4e6c8a0b2d19",
            "error_messages": ["Network connection reset"],
            "creation_date": "2022-05-21T13:20:00Z",
            "update_date": "2022-05-21T13:30:00Z",
        },
    },
}


def _mended(name: str) -> dict[str, Any]:
    book = LEDGERS[name]
    assert book.documented_example is not None
    visible = ledger.visible_part(book.documented_example.read_bytes())
    assert isinstance(visible, dict)
    value = copy.deepcopy(visible)
    value["event_id"] = MENDED[name]["event_id"]
    value["event"].update(MENDED[name]["event"])
    return value


@pytest.mark.parametrize("name", sorted(MENDED))
def test_lenient_accepts_the_quoted_values_of_the_vendor_examples(
    name: str, strict: Checker, lenient: Checker
) -> None:
    value = _mended(name)
    # only the ids the vendor made up and the fields past the cut were mended:
    quoted = {k for k, v in value["event"].items() if k != "event_name" and v in QUOTED}
    assert quoted, "the visible part shows quoted Booleans or Integers"
    assert isinstance(value["event_time"], str)
    assert lenient.check(value).violations == ()
    assert {v.keyword for v in strict.check(value).violations} == {"type"}


QUOTED = ("true", "false", "150", "3")


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("merge", "True"),
        ("merge", "yes"),
        ("merge", 1),
        ("merge", None),
        ("file_count", " 150"),
        ("file_count", "-1"),
        ("file_count", "1.5"),
        ("file_count", ""),
        ("file_count", -1),
        ("file_count", True),
    ],
)
def test_lenient_tolerates_only_the_quoted_form_the_vendor_uses(
    field: str, bad: Any, lenient: Checker
) -> None:
    value = _mended("job_create_event")
    value["event"][field] = bad
    (violation,) = lenient.check(value).violations
    assert violation.instance_path == f"/event/{field}"


# -- the two pages without an example ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "prefix"), [("job_exceeded_retries_event", "JXR"), ("job_retry_event", "JRT")]
)
def test_the_inferred_event_names_are_ledgered_with_their_evidence(
    name: str, prefix: str, catalog: Any
) -> None:
    book = LEDGERS[name]
    assert book.documented_example is None
    assert not (book.folder / "documented_example.json").exists()
    (record,) = [d for d in book.discrepancies if d.path == "/event/event_name"]
    assert record.id.startswith(prefix)
    assert name in record.decision
    assert "file_added_to_job_event" in record.example_shows  # the pattern's one exception
    assert catalog.event(name).title == "".join(w.title() for w in name.split("_"))


def test_every_job_event_has_a_ledger() -> None:
    assert sorted(n for n in LEDGERS if n.startswith("job_")) == JOB_EVENTS
