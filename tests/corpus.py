"""The example corpus (found by ``alfred_contracts.compat.corpus``, as the gate finds it),
and a deterministic generator of valid and invalid events.

The generator mutates the bundled examples with the edits that matter for this contract:
format edge cases, wrong types, missing and unknown properties, wrong constants. Each
event comes with what the mutation was, so a failing test can say which one broke.
"""

from __future__ import annotations

import copy
import json
import random
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alfred_contracts.compat import corpus as contract_corpus

from conftest import ROOT

UUID_CASES = [
    "123e4567-e89b-12d3-a456-426614174000",
    "123E4567-E89B-12D3-A456-426614174000",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "{123e4567-e89b-12d3-a456-426614174000}",
    "123e4567-e89b-12d3-a456-426614174000}",
    "{123e4567-e89b-12d3-a456-426614174000",
    "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
    "123e4567e89b12d3a456426614174000",
    "123e4567-e89b-12d3-a456-426614174000\n",
    " 123e4567-e89b-12d3-a456-426614174000",
    "123e4567-e89b-12d3-a456-42661417400",
    "123e4567-e89b-12d3-a456-4266141740000",
    "123e4567-e89b-12d3-a456_426614174000",
    "123e4567+e89b-12d3-a456-426614174000",
    "g23e4567-e89b-12d3-a456-426614174000",
    "d2e3f4g5-h6i7-j8k9-l0m1-n2o3p4q5r6s7",
    "１23e4567-e89b-12d3-a456-426614174000",
    "",
]

DATE_TIME_CASES = [
    "2023-05-26T23:20:00Z",
    "2023-05-26t23:20:00z",
    "2023-05-26T23:20:00+02:00",
    "2023-05-26T23:20:00-00:00",
    "2023-05-26T23:20:00+23:59",
    "2023-05-26T23:20:00.5Z",
    "2023-05-26T23:20:00.123456789012Z",
    "2016-12-31T23:59:60Z",
    "2023-05-26T23:59:60Z",
    "2023-05-26T22:59:60-01:00",
    "2023-05-27T00:59:60+01:00",
    "2023-05-26T23:59:60+01:00",
    "2023-05-26T12:30:60Z",
    "2023-05-26T23:59:61Z",
    "2024-02-29T00:00:00Z",
    "2000-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "2023-02-30T00:00:00Z",
    "2023-04-31T00:00:00Z",
    "2023-13-01T00:00:00Z",
    "2023-00-10T00:00:00Z",
    "2023-05-00T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2023-05-26T24:00:00Z",
    "2023-05-26T23:60:00Z",
    "2023-05-26T23:20:00+24:00",
    "2023-05-26T23:20:00+02:60",
    "2023-05-26T23:20:00",
    "2023-05-26T23:20:00Z\n",
    "2023-05-26T23:20:00ZZ",
    "2023-05-26T23:20:00.Z",
    "2023-05-26T23:20:00,5Z",
    "2023-05-26T23:20Z",
    "2023-05-26 23:20:00Z",
    "2023-05-26T23:20:00+0200",
    "2023-5-26T23:20:00Z",
    "20230526T232000Z",
    "2023-05-26",
    "２023-05-26T23:20:00Z",
    " 2023-05-26T23:20:00Z",
    "",
]

UUID_FIELDS = [("event_id",), ("event", "company_id"), ("event", "job_id")]
DATE_FIELDS = [("event", "creation_date"), ("event", "update_date")]
TIME_VALUES: list[Any] = [
    0,
    1,
    1685143800,
    1685143800.5,
    1e9,
    1.6851438e9,
    2**53,
    10**20,
    -1,
    -0.5,
    "1685143800",
    "1685143800.00",
    "1.5e9",
    " 1685143800",
    "",
    "soon",
    True,
    None,
    [],
    {},
]
NAME_VALUES: list[Any] = [
    "",
    "Innovate Logistics",
    "Müller & Søn",
    "株式会社",
    "🚚" * 50,
    "x" * 5000,
    "\u0000",
    "a\nb",
    0,
    None,
    True,
    ["x"],
    {"a": 1},
]
CONST_VALUES: list[Any] = ["job_event_type", "file_event_type", "JOB_EVENT_TYPE", "", 0, None]


def examples() -> list[Path]:
    return contract_corpus.example_files(ROOT)


def counterexamples() -> list[Path]:
    return contract_corpus.counterexample_files(ROOT)


def expectations() -> dict[Path, dict[str, Any]]:
    return contract_corpus.expectations(ROOT)


def _set(event: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = event
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _delete(event: dict[str, Any], path: tuple[str, ...]) -> None:
    node = event
    for key in path[:-1]:
        node = node[key]
    node.pop(path[-1], None)


def generated(count: int, seed: int = 20261128) -> Iterator[tuple[str, Any]]:
    """``count`` events, about half valid, each with a label of how it was made."""
    rng = random.Random(seed)
    bases = [json.loads(p.read_text("utf-8")) for p in examples()]
    fields = ["event_id", "event_type", "event_time", "event"]
    inner = list(bases[0]["event"])
    for index in range(count):
        event = copy.deepcopy(rng.choice(bases))
        edits = []
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
            kind = rng.randrange(9)
            if kind == 0:
                path = rng.choice(UUID_FIELDS)
                value: Any = rng.choice([*UUID_CASES, str(uuid.UUID(int=rng.getrandbits(128)))])
            elif kind == 1:
                path = rng.choice(DATE_FIELDS)
                value = rng.choice(DATE_TIME_CASES)
            elif kind == 2:
                path, value = ("event_time",), rng.choice(TIME_VALUES)
            elif kind == 3:
                path, value = ("event", "company_name"), rng.choice(NAME_VALUES)
            elif kind == 4:
                path = rng.choice([("event_type",), ("event", "event_type")])
                value = rng.choice(CONST_VALUES)
            elif kind == 5:
                path = rng.choice([(f,) for f in fields[:3]] + [("event", f) for f in inner[1:]])
                if len(path) > 1 and not isinstance(event.get("event"), dict):
                    continue
                _delete(event, path)
                edits.append(f"delete {'/'.join(path)}")
                continue
            elif kind == 6:
                path = rng.choice([("x_extra",), ("event", "x_extra")])
                value = rng.choice([1, "x", None, {"nested": [1, 2]}])
            elif kind == 7:
                path = rng.choice(UUID_FIELDS + DATE_FIELDS)
                value = rng.choice([123, None, True, ["a"], {"a": 1}])
            else:
                path, value = ("event",), rng.choice([None, [], "job_start_event", 5])
            if path[0] == "event" and len(path) > 1 and not isinstance(event.get("event"), dict):
                continue
            _set(event, path, value)
            edits.append(f"set {'/'.join(path)}={value!r}"[:80])
        yield f"gen-{index}: {'; '.join(edits) or 'unchanged'}", event


def keep_only(root: Path, event: str) -> None:
    """Reduce a copied project to one event (its schema, corpus, ledger and releases), so
    a test that edits a shared definition judges that event alone."""
    import shutil

    for schema in (root / "schemas").glob("*.schema.json"):
        name = schema.name.removesuffix(".schema.json")
        if name != event and name != "url_verification":
            schema.unlink()
    for kind in ("examples", "counterexamples", "vendor", "releases"):
        folder = root / "contracts" / kind
        for child in folder.iterdir() if folder.is_dir() else ():
            if child.is_dir() and child.name != event:
                shutil.rmtree(child)
