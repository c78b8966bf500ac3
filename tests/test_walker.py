"""The cheap invalid path (validation/walker.py) gives exactly the engine's violations.

Every schema case of the catalog (examples, counterexamples, vendor examples, probes, format
edge cases) and thousands of mutated events (values of another kind, bad strings, missing
and unknown properties, several changes at once) are checked twice: once through the walker
and once through jsonschema-rs's own error list. The violation records must be identical,
under both profiles and when the event is forced.
"""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest

from alfred_contracts.consumer.suite import Suite
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.walker import Walker
from contract_cases import cases, date_time_strings, named_event, uuid_strings

from conftest import ROOT

CATALOG = Catalog.load()


def _pair(profile: str) -> tuple[Checker, Checker]:
    fast = Checker(CATALOG, profile=profile)
    slow = Checker(CATALOG, profile=profile)
    slow._walker = None  # the engine's own errors
    assert isinstance(fast._walker, Walker)
    return fast, slow


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*here, index))
    return found


def _replacement(rng: random.Random) -> Any:
    pool: list[Any] = [
        None,
        True,
        False,
        0,
        -1,
        1.5,
        2.0,
        -0.5,
        10**20,
        "",
        "x",
        "1700000000.25",
        "https://example.com/a",
        "ftp://example.com",
        [],
        [1, "a"],
        {},
        {"a": 1},
        "é" * 70,
        next(uuid_strings(rng, 1)),
        next(date_time_strings(rng, 1)),
    ]
    return rng.choice(pool)


def mutate(value: Any, rng: random.Random) -> Any:
    changed = copy.deepcopy(value)
    for _ in range(rng.randint(1, 3)):
        paths = _paths(changed)
        path = rng.choice(paths)
        parent: Any = changed
        for step in path[:-1]:
            parent = parent[step]
        action = rng.randrange(4)
        if not path:
            if action == 0:
                changed = _replacement(rng)
            continue
        target = parent[path[-1]]
        if action == 0 and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == 1 and isinstance(target, dict):
            target[rng.choice(["extra", "Event_Name", "x~/y"])] = _replacement(rng)
        else:
            parent[path[-1]] = _replacement(rng)
    return changed


def _same(fast: Checker, slow: Checker, name: str, value: Any) -> None:
    expected = slow.violations(name, value, "src", 3)
    got = fast.violations(name, value, "src", 3)
    assert got == expected, (name, value)


@pytest.mark.parametrize("profile", ["strict", "lenient"])
def test_every_schema_case_gives_the_engines_violations(profile: str) -> None:
    fast, slow = _pair(profile)
    compared = 0
    for _label, value in cases(CATALOG):
        name = named_event(value)
        names = [name] if name in CATALOG.messages else []
        names.append("job_start_event")  # forced: any value checked as one event
        for each in names:
            _same(fast, slow, each, value)
            compared += 1
    assert compared > 1000


@pytest.mark.parametrize("profile", ["strict", "lenient"])
def test_mutated_events_give_the_engines_violations(profile: str) -> None:
    fast, slow = _pair(profile)
    suite = Suite(CATALOG, ROOT / "contracts")
    rng = random.Random(15)
    invalid = 0
    for name in CATALOG.messages:
        base = suite.base_event(name) if name in CATALOG.events else {"token": "t"}
        for _ in range(150):
            value = mutate(base, rng)
            _same(fast, slow, name, value)
            invalid += bool(slow.violations(name, value))
    assert invalid > 2000  # the mutations do break the events


def test_the_walker_answers_without_the_engines_error_list_for_catalog_shapes() -> None:
    """The point of the walker: a wrong type, a bad format, a missing or an unknown
    property is explained from yes/no answers alone (no iter_errors call)."""
    fast, _slow = _pair("strict")
    walker = fast._walker
    assert walker is not None
    value = Suite(CATALOG, ROOT / "contracts").base_event("job_start_event")
    value = copy.deepcopy(value)
    value["event_time"] = "1700000000.5"
    value["event"]["job_id"] = "not-a-uuid"
    del value["event"]["company_name"]
    value["trace"] = 1
    raws = walker.errors("job_start_event", value)
    assert {raw.message for raw in raws} == {""}  # synthesized: no engine message
    assert {raw.schema_path[-1] for raw in raws} == {
        "type",
        "format",
        "required",
        "additionalProperties",
    }
