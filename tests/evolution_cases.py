"""The evolution corpus: pairs of schemas with their proven compatibility verdicts.

Each file ``tests/evolution/<area>.json`` holds ``{"cases": [...]}``; a case is::

    {"name": "unique-kebab-name",
     "old": <schema>, "new": <schema>,          # draft 2020-12, self-contained
     "backward": true | false,                  # the truth: old ⊆ new
     "forward": true | false,                   # the truth: new ⊆ old
     "witness_backward": <instance>,            # when backward is false: valid old, invalid new
     "witness_forward": <instance>,             # when forward is false: valid new, invalid old
     "why": "the argument for each true direction"}

A witness is confirmed by both engines; a true direction carries its argument in ``why``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alfred_contracts.engines import create

FOLDER = Path(__file__).parent / "evolution"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Case:
    area: str
    name: str
    old: Any
    new: Any
    backward: bool
    forward: bool
    witness_backward: Any
    witness_forward: Any
    why: str
    raw: dict[str, Any]


def side(case_name: str, label: str, schema: Any) -> tuple[dict[str, Any], str]:
    """(resources, root) for one side of a case; an $id-less schema gets a test URI."""
    if isinstance(schema, dict) and isinstance(schema.get("$id"), str):
        return {schema["$id"]: schema}, schema["$id"]
    uri = f"https://evolution.test/{case_name}/{label}.json"
    if isinstance(schema, dict):
        schema = {"$id": uri, **schema}
    return {uri: schema}, uri


def checks(case_name: str, label: str, schema: Any) -> tuple[Any, Any]:
    resources, root = side(case_name, label, schema)
    rs = create(resources, {"": root}, "rs").is_valid_for("")
    reference = create(resources, {"": root}, "reference").is_valid_for("")
    return rs, reference


def load() -> list[Case]:
    cases = []
    for path in sorted(FOLDER.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        for raw in data["cases"]:
            cases.append(
                Case(
                    path.stem,
                    raw["name"],
                    raw["old"],
                    raw["new"],
                    raw["backward"],
                    raw["forward"],
                    raw.get("witness_backward"),
                    raw.get("witness_forward"),
                    raw.get("why", ""),
                    raw,
                )
            )
    return cases


def truth_problems(case: Case) -> list[str]:
    """What is wrong with a case's own claims (an empty list when they hold)."""
    problems = []
    allowed = {"name", "old", "new", "backward", "forward", "witness_backward",
               "witness_forward", "why"}  # fmt: skip
    if set(case.raw) - allowed:
        problems.append(f"unknown keys {sorted(set(case.raw) - allowed)}")
    if not isinstance(case.backward, bool) or not isinstance(case.forward, bool):
        return [*problems, "backward and forward must be true or false"]
    old = checks(case.name, "old", case.old)
    new = checks(case.name, "new", case.new)
    for direction, truth, key, ok, bad in (
        ("backward", case.backward, "witness_backward", old, new),
        ("forward", case.forward, "witness_forward", new, old),
    ):
        if truth:
            if key in case.raw:
                problems.append(f"{direction} is true but a {key} is given")
            if not case.why.strip():
                problems.append(f"{direction} is true: say why in 'why'")
            continue
        if key not in case.raw:
            problems.append(f"{direction} is false: give {key}")
            continue
        instance = case.raw[key]
        for engine, (valid, invalid) in (("rs", (ok[0], bad[0])), ("reference", (ok[1], bad[1]))):
            if not valid(instance):
                problems.append(f"{key} is not valid under the side it must satisfy ({engine})")
            if invalid(instance):
                problems.append(f"{key} is valid under the side it must fail ({engine})")
    return problems
