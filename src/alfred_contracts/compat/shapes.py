"""The per-kind rules of the inclusion proofs: numbers, strings, arrays and objects.

Each ``check_*`` answers, for a left view ``v`` and a right node ``b``, whether every
value of that kind in ``v`` satisfies ``b``'s keywords for that kind (True only when
proven). :func:`live_kinds` narrows a view's kinds to those not proven contradictory.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from alfred_contracts.compat.objects import (
    evaluated,
    explicit_names,
    other_views,
    property_view,
    required,
)
from alfred_contracts.compat.views import (
    TYPE_KINDS,
    Node,
    Part,
    Reasoner,
    View,
    bounds,
    ints,
    item_view,
    kinds,
    made_up,
    min_items,
    number,
    positive,
    prefix_length,
    view,
)
from alfred_contracts.engines.probes import pattern_matches

#: formats whose strings all have one length
FIXED_LENGTH = {"uuid": 36}  # only formats both engines assert
#: patterns that every string matches (a pattern is searched for, not anchored)
ANY_STRING = frozenset({"", ".*", "^", "(?:)", "[\\s\\S]*"})
NUMBERS = frozenset({"integer", "fraction"})


def live_kinds(prover: Reasoner, v: View) -> frozenset[str]:
    """The kinds of value ``v`` may hold that are not proven contradictory."""
    found = set(kinds(v))
    if "integer" in found and _crossed(bounds(v, integers=True)):
        found.discard("integer")
    if "fraction" in found and _crossed(bounds(v, integers=False)):
        found.discard("fraction")
    low, high = ints(v, "minLength", max), ints(v, "maxLength", min)
    if "string" in found and low is not None and high is not None and low > high:
        found.discard("string")
    if "array" in found:
        top = max_items(prover, v)
        if top is not None and min_items(v) > top:
            found.discard("array")
    if "object" in found:
        low, high = ints(v, "minProperties", max), ints(v, "maxProperties", min)
        if (low is not None and high is not None and low > high) or any(
            prover.empty(property_view(v, name)) for name in sorted(required(v))[:64]
        ):
            found.discard("object")
    return frozenset(found)


def _crossed(found: Any) -> bool:
    if found.lower is None or found.upper is None:
        return False
    (low, low_open), (high, high_open) = found.lower, found.upper
    return bool(low > high or (low == high and (low_open or high_open)))


def max_items(prover: Reasoner, v: View) -> int | None:
    top = ints(v, "maxItems", min)
    for index in range(min(prefix_length(v) + 1, 64)):
        if top is not None and index >= top:
            break
        if prover.empty(item_view(v, index)):
            return index
    return top


def proves_shape(prover: Reasoner, v: View, b: Node) -> bool:
    """Whether ``v`` ⊆ ``b`` as far as ``b``'s type-specific keywords go."""
    live = live_kinds(prover, v)
    if not live:
        return True
    value = b.value
    if "type" in value:
        kind = value["type"]
        names = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
        allowed: set[str] = set().union(*(TYPE_KINDS.get(k, set()) for k in names))
        if not live <= allowed:
            return False
    if "const" in value or "enum" in value:
        listed = [value["const"]] if "const" in value else value.get("enum") or []
        if not live <= {"null", "boolean"}:
            return False
        needed = ([None] if "null" in live else []) + ([True, False] if "boolean" in live else [])
        if any(not any(_same(n, item) for item in listed) for n in needed):
            return False
    return (
        (not live & NUMBERS or check_numbers(v, value, "fraction" not in live))
        and ("string" not in live or check_strings(v, value))
        and ("array" not in live or check_arrays(prover, v, b))
        and ("object" not in live or check_objects(prover, v, b))
    )


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def check_numbers(v: View, value: dict[str, Any], integers: bool) -> bool:
    mine = bounds(v, integers=integers)
    for keyword, lower, exclusive in (("minimum", True, False), ("exclusiveMinimum", True, True),
                                      ("maximum", False, False),
                                      ("exclusiveMaximum", False, True)):  # fmt: skip
        limit = number(value.get(keyword))
        if keyword in value and limit is None:
            return False
        if limit is None:
            continue
        bound = mine.lower if lower else mine.upper
        if bound is None:
            return False
        have, have_open = bound
        sign = 1 if lower else -1
        if integers:
            whole = Fraction(limit.__ceil__() if lower else limit.__floor__())
            if exclusive:
                whole = Fraction(limit.__floor__() + 1 if lower else limit.__ceil__() - 1)
            if (have - whole) * sign < 0:
                return False
        elif (have - limit) * sign < 0 or (exclusive and have == limit and not have_open):
            return False
    step = number(value.get("multipleOf"))
    if "multipleOf" in value:
        if step is None or step <= 0:
            return False
        common = _lcm(mine.steps)
        if not (common is not None and (common / step).denominator == 1) and not (
            integers and (1 / step).denominator == 1
        ):
            return False
    return True


def _lcm(steps: list[Fraction]) -> Fraction | None:
    """The least common multiple of positive fractions (every value is a multiple of it)."""
    if not steps:
        return None
    found = steps[0]
    for step in steps[1:]:
        top = math.lcm(found.numerator, step.numerator)
        bottom = math.gcd(found.denominator, step.denominator)
        found = Fraction(top, bottom)
    return found


def check_strings(v: View, value: dict[str, Any]) -> bool:
    formats = {p.get("format") for p in positive(v) if isinstance(p.get("format"), str)}
    fixed = [FIXED_LENGTH[f] for f in formats if f in FIXED_LENGTH]
    low = max([ints(v, "minLength", max) or 0, *fixed])
    high_found = [h for h in [ints(v, "maxLength", min), *fixed] if h is not None]
    high = min(high_found) if high_found else None
    if "minLength" in value and not (
        isinstance(value["minLength"], int) and low >= value["minLength"]
    ):
        return False
    if "maxLength" in value and (high is None or not isinstance(value["maxLength"], int)
                                 or high > value["maxLength"]):  # fmt: skip
        return False
    wanted = value.get("pattern")
    mine = {p.get("pattern") for p in positive(v)}
    if "pattern" in value and wanted not in ANY_STRING and wanted not in mine:
        return False
    return "format" not in value or value["format"] in formats


def check_arrays(prover: Reasoner, v: View, b: Node) -> bool:
    value = b.value
    low = min_items(v)
    top = max_items(prover, v)
    if "minItems" in value and not (
        isinstance(value["minItems"], int) and low >= value["minItems"]
    ):
        return False
    if "maxItems" in value and (top is None or top > value["maxItems"]):
        return False
    if value.get("uniqueItems") is True and not (
        any(p.get("uniqueItems") is True for p in positive(v)) or (top is not None and top <= 1)
    ):
        return False
    prefix = value.get("prefixItems") if isinstance(value.get("prefixItems"), list) else []
    rest = (
        "items" if "items" in value else "unevaluatedItems" if "unevaluatedItems" in value else None
    )
    width = max(len(prefix), prefix_length(v))
    for index in range(width):
        if top is not None and index >= top:
            break
        target = b.at("prefixItems", index) if index < len(prefix) else b.at(rest) if rest else None
        if target is not None and not prover.proves(item_view(v, index), target):
            return False
    beyond = rest is not None and (top is None or top > width)
    if beyond and rest is not None and not prover.proves(item_view(v, width), b.at(rest)):
        return False
    return _contains(prover, v, b, low, top)


def _contains(prover: Reasoner, v: View, b: Node, low: int, top: int | None) -> bool:
    value = b.value
    if "contains" not in value:
        return True
    wanted = b.at("contains")
    least = value.get("minContains", 1)
    most = value.get("maxContains")
    if not isinstance(least, int) or (most is not None and not isinstance(most, int)):
        return False
    mine = [p for p in positive(v) if p.has("contains")]
    if least > 0:
        by_contains = any(
            isinstance(p.get("minContains") if p.has("minContains") else 1, int)
            and (p.get("minContains") if p.has("minContains") else 1) >= least
            and prover.proves((p.at("contains"),), wanted)
            for p in mine
        )
        sure = sum(1 for i in range(min(low, 64)) if prover.proves(item_view(v, i), wanted))
        if not by_contains and sure < least:
            return False
    if most is not None:
        capped = top is not None and top <= most
        if not capped and not any(
            isinstance(p.get("maxContains"), int)
            and p.get("maxContains") <= most
            and prover.proves(view(wanted), p.at("contains").node)
            for p in mine
        ):
            return False
    return True


def check_objects(prover: Reasoner, v: View, b: Node) -> bool:
    value = b.value
    mine = required(v)
    if any(name not in mine for name in value.get("required", [])):
        return False
    if ints(v, "maxProperties", min) == 0:  # no property at all: nothing else can fail
        return "minProperties" not in value or value["minProperties"] <= 0
    listed = value.get("properties") if isinstance(value.get("properties"), dict) else {}
    patterns = value.get("patternProperties")
    patterns = patterns if isinstance(patterns, dict) else {}
    for name in listed:
        if not prover.proves(property_view(v, name), b.at("properties", name)):
            return False
    names = explicit_names(v) | set(listed)
    for pattern in patterns:
        target = b.at("patternProperties", pattern)
        for name in names:
            hit = pattern_matches(pattern, name)
            if hit is None or (hit and not prover.proves(property_view(v, name), target)):
                return False
        if not _others_within(prover, v, target, force=pattern, skip=frozenset()):
            return False
    if "additionalProperties" in value:
        extra, spared = "additionalProperties", (set(listed), set(patterns))
    elif "unevaluatedProperties" in value:
        seen = evaluated(b)  # what B's own allOf/$ref evaluate is spared too
        if seen.everything:
            extra, spared = None, (set(), set())
        else:
            extra, spared = "unevaluatedProperties", (set(seen.names), set(seen.patterns))
    else:
        extra, spared = None, (set(), set())
    if extra is not None:
        target = b.at(extra)
        for name in explicit_names(v) - spared[0]:
            hits = [pattern_matches(p, name) for p in spared[1]]
            if None in hits:
                return False
            if not any(hits) and not prover.proves(property_view(v, name), target):
                return False
        if not _others_within(prover, v, target, force=None, skip=frozenset(spared[1])):
            return False
    return _object_counts(prover, v, b, mine)


def _others_within(
    prover: Reasoner, v: View, target: Node, *, force: str | None, skip: frozenset[str]
) -> bool:
    """Whether every property no part of ``v`` lists has a value valid under ``target``."""
    if target.value is True:
        return True
    cases = other_views(v, force=force)
    if cases is None:
        return False
    return all(
        (chosen & skip) or prover.empty(case) or prover.proves(case, target)
        for case, chosen in cases
    )


def _closed(prover: Reasoner, v: View) -> bool:
    cases = other_views(v)
    return cases is not None and all(prover.empty(case) for case, _chosen in cases)


def _allowed(prover: Reasoner, v: View) -> list[str]:
    return [n for n in sorted(explicit_names(v)) if not prover.empty(property_view(v, n))]


def _object_counts(prover: Reasoner, v: View, b: Node, mine: set[str]) -> bool:
    value = b.value
    if "propertyNames" in value and value["propertyNames"] is not True:
        names = b.at("propertyNames")
        if not any(
            p.has("propertyNames") and prover.proves((p.at("propertyNames"),), names)
            for p in positive(v)
        ) and (
            not _closed(prover, v)
            or any(b.space.valid(names, n) is not True for n in _allowed(prover, v))
        ):
            return False
    least = max(ints(v, "minProperties", max) or 0, len(mine))
    if "minProperties" in value and least < value["minProperties"]:
        return False
    if "maxProperties" in value:
        top = ints(v, "maxProperties", min)
        if (top is None or top > value["maxProperties"]) and not (
            _closed(prover, v) and len(_allowed(prover, v)) <= value["maxProperties"]
        ):
            return False
    for name, needed in (value.get("dependentRequired") or {}).items():
        if prover.empty(property_view(v, name)):
            continue
        present = (*v, Part(made_up(b.space, {"required": [name]})))
        for case in prover.expand(present):
            if not prover.empty(case) and any(q not in required(case) for q in needed):
                return False
    for name in value.get("dependentSchemas") or {}:
        target = b.at("dependentSchemas", name)
        if prover.empty(property_view(v, name)):
            continue
        if not prover.proves((*v, Part(made_up(b.space, {"required": [name]}))), target):
            return False
    return True


# -- disjointness by kind ----------------------------------------------------------------


def disjoint_shape(prover: Reasoner, v: View, x: Node) -> bool:
    """Whether no value of a kind both may hold is in both ``v`` and ``x`` (proven)."""
    theirs = view(x)
    common = live_kinds(prover, v) & live_kinds(prover, theirs)
    for kind in sorted(common):
        if kind in NUMBERS:
            integers = kind == "integer"
            if not _apart(bounds(v, integers=integers), bounds(theirs, integers=integers)):
                return False
        elif kind == "string":
            mine = (ints(v, "minLength", max) or 0, ints(v, "maxLength", min))
            other = (ints(theirs, "minLength", max) or 0, ints(theirs, "maxLength", min))
            if not ((mine[1] is not None and mine[1] < other[0])
                    or (other[1] is not None and other[1] < mine[0])):  # fmt: skip
                return False
        elif kind == "object":
            if not _objects_apart(prover, v, x):
                return False
        else:
            return False
    return True


def _apart(a: Any, b: Any) -> bool:
    def below(low: Any, high: Any) -> bool:
        if low is None or high is None:
            return False
        return bool(low[0] < high[0] or (low[0] == high[0] and (low[1] or high[1])))

    return below(a.upper, b.lower) or below(b.upper, a.lower)


def _objects_apart(prover: Reasoner, v: View, x: Node) -> bool:
    listed = x.get("properties") if isinstance(x.get("properties"), dict) else {}
    theirs = set(x.get("required") or []) if isinstance(x.get("required"), list) else set()
    for name in sorted(required(v) | theirs):
        if name in listed and prover.disjoint(property_view(v, name), x.at("properties", name)):
            return True
        if name in theirs and prover.empty(property_view(v, name)):
            return True
    return False
