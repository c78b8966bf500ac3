"""Hypothesis strategies for Alfred events, for your own tests.

    from hypothesis import given
    from alfred_contracts.strategies import events, invalid_events

    @given(events("job_start_event"))
    def test_my_receiver_accepts_every_valid_event(payload): ...

    @given(invalid_events("job_start_event"))
    def test_my_receiver_refuses_invalid_events(bad):
        ...  # bad.payload breaks bad.rule, at bad.instance_path (keyword bad.keyword)

``events`` draws payloads that are valid under the contract: real UUIDs (either case),
RFC 3339 date-times (any zone, fractions, the odd leap second), Unicode names, whole and
fractional timestamps; under the lenient profile also unknown extra fields and the
tolerated vendor quirks. ``invalid_events`` takes such a payload and breaks exactly one
rule of the schema, and says which.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from alfred_contracts.refs import JSON, deref, pointer
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.profiles import check_profile
from alfred_contracts.strategies.synth import Synth

__all__ = ["InvalidEvent", "break_each_rule", "events", "invalid_events"]

Payload = dict[str, Any]

BAD_UUIDS = (
    "d2e3f4g5-h6i7-j8k9-l0m1-n2o3p4q5r6s7",
    "123e4567e89b12d3a456426614174000",
    "{123e4567-e89b-12d3-a456-426614174000}",
    "123e4567-e89b-12d3-a456-426614174000}",
    "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
    "123e4567-e89b-12d3-a456-42661417400",
    " 123e4567-e89b-12d3-a456-426614174000",
    "",
)
BAD_DATE_TIMES = (
    "2023-05-26T23:20:00",
    "2023-02-30T10:00:00Z",
    "2023-05-26 23:20:00Z",
    "2023-05-26T23:20:00Z\n",
    "2023-05-26T12:30:60Z",
    "2023-05-26",
    "2023-05-26T24:00:00Z",
    "26/05/2023 23:20",
)
#: a value of each JSON type, for breaking ``type``
BY_TYPE: dict[str, Any] = {
    "string": "x",
    "number": 1.5,
    "integer": 7,
    "boolean": True,
    "null": None,
    "array": [1],
    "object": {"a": 1},
}


@dataclass(frozen=True)
class InvalidEvent:
    """A payload that breaks one rule of the contract, and which rule."""

    payload: Payload
    rule: str  #: the broken rule in words
    instance_path: str  #: JSON Pointer of the violation the validator must report
    keyword: str  #: keyword of that violation


Mutation = Callable[[Payload], InvalidEvent]


@functools.lru_cache(maxsize=16)
def _synth(profile: str) -> tuple[Catalog, Synth]:
    catalog = Catalog.load()
    synth = Synth(catalog.resources(check_profile(profile)), extra_properties=profile == "lenient")
    return catalog, synth


def events(name: str, profile: str = "strict") -> st.SearchStrategy[Payload]:
    """Payloads of event ``name`` that are valid under ``profile``."""
    catalog, synth = _synth(profile)
    event = catalog.event(name)
    return synth.strategy(event.id, catalog.resources(check_profile(profile))[event.id])


def _rules(name: str, profile: str) -> list[Mutation]:
    catalog = _synth(profile)[0]
    event = catalog.event(name)
    resources = catalog.resources(check_profile(profile))
    return list(_mutations(resources, event.id, resources[event.id], ()))


def invalid_events(name: str, profile: str = "strict") -> st.SearchStrategy[InvalidEvent]:
    """Payloads of event ``name`` that break exactly one rule under ``profile``."""
    mutations = _rules(name, profile)
    return st.builds(
        lambda payload, mutate: mutate(payload), events(name, profile), st.sampled_from(mutations)
    )


def break_each_rule(payload: Payload, name: str, profile: str = "strict") -> list[InvalidEvent]:
    """Every single-rule breakage of a valid ``payload``, in a fixed order (no randomness)."""
    return [mutate(payload) for mutate in _rules(name, profile)]


def _replace(path: tuple[str, ...], value: Any, rule: str, at: str, keyword: str) -> Mutation:
    def apply(payload: Payload) -> InvalidEvent:
        broken = copy.deepcopy(payload)
        node = broken
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return InvalidEvent(broken, rule, at, keyword)

    return apply


def _remove(path: tuple[str, ...], rule: str, at: str, keyword: str) -> Mutation:
    def apply(payload: Payload) -> InvalidEvent:
        broken = copy.deepcopy(payload)
        node = broken
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
        return InvalidEvent(broken, rule, at, keyword)

    return apply


def _mutations(resources: Any, base: str, node: JSON, path: tuple[str, ...]) -> Iterator[Mutation]:
    """One mutation per rule that a schema node imposes on the value at ``path``."""
    base, node = deref(resources, base, node)
    if not isinstance(node, dict):
        return
    where = pointer(path)
    routing = path in (("event",), ("event", "event_name"))
    kinds = node.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if "anyOf" in node or "oneOf" in node:
        keyword = "anyOf" if "anyOf" in node else "oneOf"
        yield _replace(path, [None], f"{where} must match one of its allowed forms", where, keyword)
        return
    if kinds and path:
        wrong = next(t for t in ("array", "null", "boolean", "object") if t not in kinds)
        keyword = "type"
        at = where
        if path == ("event",):
            at, keyword = "/event", "type"
        elif routing:
            keyword = "event_name"
        yield _replace(path, BY_TYPE[wrong], f"{where} must be {' or '.join(kinds)}", at, keyword)
    if "const" in node:
        keyword = "event_name" if routing else "const"
        yield _replace(
            path, f"not_{node['const']}", f"{where} must be {node['const']!r}", where, keyword
        )
    if "enum" in node:
        yield _replace(
            path, "__not_in_enum__", f"{where} must be one of {node['enum']}", where, "enum"
        )
    if node.get("format") == "uuid":
        for bad in BAD_UUIDS:
            yield _replace(path, bad, f"{where} must be a UUID (not {bad!r})", where, "format")
    if node.get("format") == "date-time":
        for bad in BAD_DATE_TIMES:
            yield _replace(
                path, bad, f"{where} must be an RFC 3339 date-time (not {bad!r})", where, "format"
            )
    if "minimum" in node:
        low = node["minimum"]
        yield _replace(path, low - 1, f"{where} must be at least {low}", where, "minimum")
    if "pattern" in node:
        yield _replace(path, "\u0000", f"{where} must match {node['pattern']}", where, "pattern")
    properties = node.get("properties", {})
    for name in node.get("required", []):
        child = (*path, name)
        if child == ("event",):
            rule, at, keyword = "the event object is required", "", "event_name"
        elif child == ("event", "event_name"):
            rule, at, keyword = "event.event_name is required", "/event", "event_name"
        else:
            rule, at, keyword = f"{pointer(child)} is required", where, "required"
        yield _remove(child, rule, at, keyword)
    if node.get("additionalProperties", True) is False:
        extra = (*path, "x_unknown_field")
        yield _replace(
            extra, 1, f"{where or 'the event'} has no property x_unknown_field",
            pointer(extra), "additionalProperties",
        )  # fmt: skip
    for name, child in properties.items():
        yield from _mutations(resources, base, child, (*path, name))
