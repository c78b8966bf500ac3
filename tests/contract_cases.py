"""The cases that the ecosystem tests (JavaScript, AsyncAPI, OpenAPI) judge: every
example, counterexample, vendor example and edge case of every event, and every uuid and
date-time case in every field that has the format, as parsed JSON values."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from functools import cache
from typing import Any

from alfred_contracts.consumer.suite import Suite
from alfred_contracts.parsing import ParseFailure, parse
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.fields import fields

from conftest import ROOT
from corpus import DATE_TIME_CASES, UUID_CASES, generated

MAX_BODY = 1024 * 1024  # larger probe bodies (the 8 MiB one) are not schema cases


def _set(value: dict[str, Any], path: str, new: Any) -> dict[str, Any] | None:
    changed = copy.deepcopy(value)
    node: Any = changed
    keys = path.split(".")
    for key in keys[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, dict) or keys[-1] not in node:
        return None
    node[keys[-1]] = new
    return changed


def date_time_strings(rng: random.Random, count: int) -> Iterator[str]:
    """Strings around RFC 3339 date-times: the pieces' edges, leap seconds, offsets."""
    valid = 6  # how many times more often each valid piece is drawn than an invalid one
    years = ["2016", "2023", "2024", "1900", "2000", "0000", "9999"] * valid + ["202", "\uff12023"]
    months = ["01", "02", "04", "06", "12"] * valid + ["00", "13", "5"]
    days = ["01", "28", "29", "30", "31"] * valid + ["00", "32"]
    hours = ["00", "12", "22", "23"] * valid + ["24", "1"]
    minutes = ["00", "30", "59"] * valid + ["60"]
    seconds = ["00", "59", "60"] * valid + ["61", "6"]
    fractions = ["", ".5", ".123456789"] * valid + [".", ",5"]
    separators = ["T", "t"] * valid + [" ", "\t", ""]
    zones = ["Z", "z", "+00:00", "-00:00", "+01:00", "-01:00", "+02:00", "+23:59"] * valid
    zones += ["+24:00", "+02:60", "+0200", "+02", "", "ZZ", "Z\n", " Z"]
    for _ in range(count):
        yield (
            f"{rng.choice(years)}-{rng.choice(months)}-{rng.choice(days)}"
            f"{rng.choice(separators)}{rng.choice(hours)}:{rng.choice(minutes)}:"
            f"{rng.choice(seconds)}{rng.choice(fractions)}{rng.choice(zones)}"
        )


def uuid_strings(rng: random.Random, count: int) -> Iterator[str]:
    for _ in range(count):
        text = "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(32))
        value = f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
        edit = rng.randrange(8)
        if edit == 1:
            spot = rng.randrange(len(value))
            value = value[:spot] + rng.choice("gG-_ {}\n\uff11:") + value[spot + 1 :]
        elif edit == 2:
            value = value.replace("-", "", 1)
        elif edit == 3:
            value = rng.choice(["urn:uuid:", "URN:UUID:", "{", " "]) + value
        elif edit == 4:
            value = value[: rng.randrange(len(value))]
        elif edit == 5:
            value += rng.choice(["}", "0", "\n", " "])
        yield value


@cache  # one catalog a session: the cases are built once and never changed
def cases(catalog: Catalog) -> list[tuple[str, Any]]:
    """Every schema case: (label, parsed JSON value), each distinct value once."""
    contracts = ROOT / "contracts"
    found: list[tuple[str, Any]] = []
    for folder in ("examples", "counterexamples", "vendor"):
        for path in sorted((contracts / folder).rglob("*.json")):
            found.append((path.relative_to(ROOT).as_posix(), parse(path.read_bytes())))
    suite = Suite(catalog, contracts)
    groups = (suite.handshake, suite.edge_cases, suite.invalid_events, suite.unknown_events)
    for group in (*groups, suite.bad_deliveries):
        for probe in group():
            if len(probe.request.body) <= MAX_BODY:
                found.append((f"{probe.group}: {probe.name}", parse(probe.request.body)))
    for name in catalog.names:
        base = suite.base_event(name)
        for field in fields(catalog, name):
            cases = {"uuid": UUID_CASES, "date-time": DATE_TIME_CASES}.get(field.format, [])
            for case in cases:
                changed = _set(base, field.path, case)
                if changed is not None:
                    found.append((f"{name} {field.path}={case!r}", changed))
    found += generated(400)
    for schema in catalog.resources().values():  # the handshake's examples, for one
        found += [("schema example", value) for value in schema.get("examples", [])]
    distinct: dict[str, tuple[str, Any]] = {}
    for label, value in found:
        if type(value) is ParseFailure:
            continue  # bytes that are not JSON: for the parser, not for a schema
        distinct.setdefault(json.dumps(value, sort_keys=True, allow_nan=False), (label, value))
    return list(distinct.values())


def named_event(value: Any) -> str | None:
    """The ``event.event_name`` a value names, when it is a string."""
    body = value.get("event") if isinstance(value, dict) else None
    name = body.get("event_name") if isinstance(body, dict) else None
    return name if isinstance(name, str) else None
