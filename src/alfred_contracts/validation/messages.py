"""Turn an engine's raw error into violations with sentences a person understands.

The sentence is built from the failing keyword, the failing value and the schema node
that holds the keyword, never from an engine's own wording, so both engines produce the
same records. Unknown properties and missing required properties get one violation each,
pointing at the property concerned; an unknown property that is close to one the schema
node defines, and the document lacks, is probably a misspelling: the message names it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from alfred_contracts._text import kind, preview
from alfred_contracts.engines import RawError
from alfred_contracts.engines.formats import explain_date_time, explain_uuid
from alfred_contracts.refs import JSON, deref, follow, pointer
from alfred_contracts.violations import Violation, finalize

_TYPE_NAMES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "a boolean",
    "null": "null",
}


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def describe_schema(resources: Mapping[str, JSON], base: str, node: JSON) -> str:
    """A short noun phrase for what ``node`` accepts, e.g. 'a number >= 0'."""
    _base, node = deref(resources, base, node)
    if not isinstance(node, dict):
        return "anything" if node is True else "nothing"
    if "const" in node:
        return f"exactly {preview(node['const'])}"
    if "enum" in node:
        return "one of " + ", ".join(preview(v) for v in node["enum"])
    types = node.get("type")
    names = [types] if isinstance(types, str) else list(types or [])
    text = _or([_TYPE_NAMES.get(t, t) for t in names]) if names else "a value"
    if "format" in node:
        text += f" in {node['format']} format"
    if "pattern" in node:
        text += f" matching {node['pattern']}"
    if "minimum" in node:
        text += f" >= {node['minimum']}"
    if "maximum" in node:
        text += f" <= {node['maximum']}"
    return text


def explain(
    keyword: str, instance: object, node: JSON, resources: Mapping[str, JSON], base: str
) -> Iterator[tuple[str, str]]:
    """Yield (instance path suffix, message) for one failed keyword."""
    value = node.get(keyword) if isinstance(node, dict) else None
    shown = preview(instance)
    if keyword == "required" and isinstance(instance, dict) and isinstance(value, list):
        for name in value:
            if name not in instance:
                yield "", f"missing required property {preview(name)}"
    elif keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(
        instance, dict
    ):
        known = node.get("properties", {}) if isinstance(node, dict) else {}
        patterns = list(node.get("patternProperties", {})) if isinstance(node, dict) else []
        for name in instance:
            if name in known or any(re.search(p, name) for p in patterns):
                continue
            hint = ""
            for candidate in close_names(tuple(known), name):
                if candidate not in instance:  # one the document has is no typo of it
                    hint = f"; did you mean {preview(candidate)}?"
                    break
            yield (
                pointer([name]),
                f"unexpected property {preview(name)}: the contract does not define it{hint} "
                "(the lenient profile accepts unknown properties)",
            )
    elif keyword == "type":
        expected = type_expected(node)
        got = kind(instance) if instance is None else f"{kind(instance)}: {shown}"
        yield "", f"expected {expected}, got {got}"
    elif keyword == "const":
        yield "", f"expected {preview(value)}, got {shown}"
    elif keyword == "enum":
        options = ", ".join(preview(v) for v in (value or []))
        yield "", f"expected one of {options}; got {shown}"
    elif keyword == "format" and isinstance(instance, str):
        yield "", _format_message(str(value), instance, shown)
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        relation = {
            "minimum": "less than the minimum",
            "maximum": "greater than the maximum",
            "exclusiveMinimum": "not greater than",
            "exclusiveMaximum": "not less than",
        }[keyword]
        yield "", f"{shown} is {relation} {value}"
    elif keyword in ("minLength", "maxLength") and isinstance(instance, str):
        bound = "at least" if keyword == "minLength" else "at most"
        yield "", f"string has {len(instance)} characters; {bound} {value} allowed"
    elif keyword == "pattern":
        yield "", f"{shown} does not match the pattern {value}"
    elif keyword in ("anyOf", "oneOf") and isinstance(value, list):
        forms = [describe_schema(resources, base, option) for option in value]
        quantity = "exactly one of " if keyword == "oneOf" and len(forms) > 1 else ""
        yield "", f"expected {quantity}{_or(forms)}; got {kind(instance)}: {shown}"
    else:
        yield "", ""


#: how alike a misspelt property name and a defined one must be to suggest it (difflib ratio)
CLOSE = 0.75


@functools.lru_cache(maxsize=4096)
def close_names(known: tuple[str, ...], name: str) -> tuple[str, ...]:
    """The names of ``known`` that ``name`` is probably a misspelling of, closest first.

    Remembered: a capture may repeat the same misspelling on every one of its lines.
    """
    import difflib

    return tuple(difflib.get_close_matches(name, known, n=3, cutoff=CLOSE))


def _format_message(name: str, instance: str, shown: str) -> str:
    if name == "uuid":
        reason = explain_uuid(instance) or "not in the RFC 4122 text form"
        return f"{shown} is not a UUID: {reason}"
    if name == "date-time":
        reason = explain_date_time(instance) or "not an RFC 3339 date-time"
        return f"{shown} is not an RFC 3339 date-time: {reason}"
    return f"{shown} is not a valid {name}"


Locate = Callable[[tuple[str | int, ...]], tuple[str, JSON, str, str]]


def locator(resources: Mapping[str, JSON], root_id: str) -> Locate:
    """Where an engine's schema path leads: (base, node, keyword, schema pointer).

    Remembered per path: the same rule fails again and again in a large capture.
    """

    @functools.lru_cache(maxsize=1024)
    def locate(raw_parts: tuple[str | int, ...]) -> tuple[str, JSON, str, str]:
        parts = tuple(str(p) for p in raw_parts if p != "$ref")
        keyword = parts[-1] if parts else ""
        base, node = follow(resources, root_id, parts)
        return base, node, keyword, pointer(parts)

    return locate


class Builder:
    """Violations from raw errors for one event, with what repeats computed once.

    In a large capture the same rule fails at the same place again and again: where a raw
    error points (its pointers, its schema node) is kept per (schema path, instance path),
    and a wrong type's sentence per schema node and kind of value; only the part that
    quotes the value is built each time; the rest comes from :func:`explain`.
    """

    def __init__(self, resources: Mapping[str, JSON], root_id: str) -> None:
        self.resources = resources
        self.locate = locator(resources, root_id)
        self._where: dict[
            tuple[tuple[str | int, ...], tuple[str | int, ...]], tuple[str, str, str, str, JSON]
        ] = {}
        self._expected: dict[str, str] = {}  # schema path → "a number" (for type errors)

    def __call__(
        self, raws: Iterable[RawError], source: str, line: int | None, event: str
    ) -> tuple[Violation, ...]:
        found: list[Violation] = []
        where = self._where
        for raw in raws:
            key = (raw.schema_path, raw.instance_path)
            spot = where.get(key)
            if spot is None:
                if len(where) >= 4096:
                    where.clear()
                base, node, keyword, schema_path = self.locate(raw.schema_path)
                spot = where[key] = (pointer(raw.instance_path), schema_path, keyword, base, node)
            instance_path, schema_path, keyword, base, node = spot
            instance = raw.instance
            if keyword == "type" and type(instance) is not dict and type(instance) is not list:
                expected = self._expected.get(schema_path)
                if expected is None:
                    expected = self._expected[schema_path] = type_expected(node)
                got = "null" if instance is None else f"{kind(instance)}: {preview(instance)}"
                found.append(
                    Violation(
                        source,
                        line,
                        event,
                        instance_path,
                        schema_path,
                        keyword,
                        f"expected {expected}, got {got}",
                    )
                )
                continue
            for suffix, message in explain(keyword, instance, node, self.resources, base):
                found.append(
                    Violation(
                        source,
                        line,
                        event,
                        instance_path + suffix,
                        schema_path,
                        keyword,
                        message or raw.message,
                    )
                )
        if len(found) == 1:
            return (found[0],)
        return finalize(found)


def type_expected(node: JSON) -> str:
    value = node.get("type") if isinstance(node, dict) else None
    names = [value] if isinstance(value, str) else list(value or [])
    return _or([_TYPE_NAMES.get(str(t), str(t)) for t in names])
