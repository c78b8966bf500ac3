"""Build hypothesis strategies from the bundled schemas.

A small, exact translation of the JSON Schema subset the contract uses (objects, const,
enum, anyOf/oneOf, strings with uuid/date-time formats or a pattern, numbers with bounds,
booleans, null, arrays, ``$ref``). It replaces hypothesis-jsonschema, whose last release
breaks with current hypothesis and does not generate ``format: uuid``. Anything outside
the subset raises ``NotImplementedError`` rather than generating wrong data.
"""

from __future__ import annotations

import calendar
import string
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from alfred_contracts.refs import JSON, deref

#: characters for free text: any Unicode scalar value JSON can carry (no lone surrogates)
TEXT = st.characters(exclude_categories=["Cs"])

_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(TEXT, max_size=20)
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def uuids() -> st.SearchStrategy[str]:
    """UUIDs in the RFC 4122 text form, lower or upper case."""
    return st.builds(
        lambda value, upper: str(value).upper() if upper else str(value),
        st.uuids(),
        st.booleans(),
    )


@st.composite
def date_times(draw: st.DrawFn) -> str:
    """RFC 3339 date-times: any zone, optional fraction, either case, now and then a leap second."""
    year = draw(st.one_of(st.integers(2000, 2099), st.integers(1, 9999)))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    zone = draw(
        st.one_of(
            st.sampled_from(["Z", "z"]),
            st.builds(
                lambda sign, hours, minutes: f"{sign}{hours:02d}:{minutes:02d}",
                st.sampled_from("+-"),
                st.integers(0, 23),
                st.integers(0, 59),
            ),
        )
    )
    if draw(st.integers(0, 19)) == 0:  # a leap second: 23:59:60 once moved to UTC
        offset = 0
        if zone not in ("Z", "z"):
            offset = (int(zone[1:3]) * 60 + int(zone[4:6])) * (1 if zone[0] == "+" else -1)
        local = (23 * 60 + 59 + offset) % 1440
        hour, minute, second = local // 60, local % 60, 60
    else:
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
        second = draw(st.integers(0, 59))
    fraction = draw(
        st.one_of(
            st.just(""), st.text(string.digits, min_size=1, max_size=9).map(lambda d: "." + d)
        )
    )
    separator = draw(st.sampled_from("Tt"))
    date = f"{year:04d}-{month:02d}-{day:02d}"
    return f"{date}{separator}{hour:02d}:{minute:02d}:{second:02d}{fraction}{zone}"


#: keywords the translation understands; any other validation keyword is refused
SUPPORTED = frozenset(
    {
        "$ref", "$schema", "$id", "$defs", "$comment", "title", "description", "examples",
        "default", "const", "enum", "anyOf", "oneOf", "type", "properties", "required",
        "additionalProperties", "format", "pattern", "minLength", "maxLength", "minimum",
        "maximum", "items", "minItems", "maxItems",
    }
)  # fmt: skip


class Synth:
    """Strategies for values valid under schema nodes of one profile's resources."""

    def __init__(self, resources: Mapping[str, JSON], *, extra_properties: bool) -> None:
        self.resources = resources
        self.extra_properties = extra_properties

    def strategy(self, base: str, node: JSON) -> st.SearchStrategy[Any]:
        base, node = deref(self.resources, base, node)
        if node is True or node == {}:
            return JSON_VALUES
        if node is False:
            raise NotImplementedError("a false schema admits no value")
        unknown = {k for k in node if k not in SUPPORTED and not k.startswith("x-")}
        if unknown:
            raise NotImplementedError(f"cannot generate values for keywords {sorted(unknown)}")
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        for keyword in ("anyOf", "oneOf"):
            if keyword in node:
                rest = {k: v for k, v in node.items() if k != keyword}
                return st.one_of(
                    [self.strategy(base, {**rest, **option}) for option in node[keyword]]
                )
        kind = node.get("type")
        if isinstance(kind, list):
            return st.one_of([self.strategy(base, {**node, "type": one}) for one in kind])
        builder = getattr(self, f"_{kind}", None)
        if builder is None:
            raise NotImplementedError(f"cannot generate values for {node!r}")
        strategy: st.SearchStrategy[Any] = builder(base, node)
        return strategy

    def _object(self, base: str, node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        properties = node.get("properties", {})
        required = set(node.get("required", []))
        fixed = {k: self.strategy(base, v) for k, v in properties.items() if k in required}
        optional = {k: self.strategy(base, v) for k, v in properties.items() if k not in required}
        known = st.fixed_dictionaries(fixed, optional=optional)
        if node.get("additionalProperties", True) is False or not self.extra_properties:
            return known
        unknown = st.dictionaries(
            st.text(TEXT, min_size=1, max_size=12).filter(lambda k: k not in properties),
            JSON_VALUES,
            max_size=3,
        )
        return st.builds(lambda a, b: {**b, **a}, known, unknown)

    def _string(self, base: str, node: dict[str, Any]) -> st.SearchStrategy[str]:
        fmt = node.get("format")
        if fmt == "uuid":
            return uuids()
        if fmt == "date-time":
            return date_times()
        if fmt is not None:
            raise NotImplementedError(f"no generator for format {fmt!r}")
        if "pattern" in node:
            return st.from_regex(node["pattern"], fullmatch=True)
        return st.text(TEXT, min_size=node.get("minLength", 0), max_size=node.get("maxLength", 60))

    def _number(self, base: str, node: dict[str, Any]) -> st.SearchStrategy[float | int]:
        low = node.get("minimum", -1e15)
        high = node.get("maximum", 1e15)
        whole = st.integers(int(low) if low == int(low) else int(low) + 1, int(high))
        return st.one_of(whole, st.floats(low, high, allow_nan=False, allow_infinity=False))

    def _integer(self, base: str, node: dict[str, Any]) -> st.SearchStrategy[int]:
        return st.integers(node.get("minimum", -(2**53)), node.get("maximum", 2**53))

    def _boolean(self, base: str, node: dict[str, Any]) -> st.SearchStrategy[bool]:
        return st.booleans()

    def _null(self, base: str, node: dict[str, Any]) -> st.SearchStrategy[None]:
        return st.none()

    def _array(self, base: str, node: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
        items = self.strategy(base, node.get("items", True))
        return st.lists(items, min_size=node.get("minItems", 0), max_size=node.get("maxItems", 5))


def draw(strategy: Any, count: int, seed: int) -> list[Any]:
    """``count`` values from a hypothesis strategy, the same ones for the same seed."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    values: list[Any] = []

    @settings(
        max_examples=max(count, 1),
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(seed)
    @given(strategy)
    def collect(value: Any) -> None:
        values.append(value)

    collect()
    return values[:count]
