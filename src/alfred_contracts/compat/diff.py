"""Compatibility as set inclusion (design policy 10): what changed, and what is proven.

``backward``: every instance valid under the old schema is valid under the new one.
``forward``: every instance valid under the new schema is valid under the old one.

:class:`Differ` *describes* the difference node by node after ``$ref``s are followed
(so moving a definition behind a ``$ref`` is no change): each difference is a
:class:`Change` with a stable rule id and the instance path it concerns. The description
decides nothing. A direction is ``True`` only when :mod:`.inclusion` proves it,
``False`` only with a witness confirmed by both engines (:func:`.witness.prove`), and
``None`` otherwise; :func:`diff` alone never says ``False``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from alfred_contracts.compat.changes import (
    ANNOTATIONS,
    UNDERSTOOD,
    Change,
    Verdict,
    same,
    settle,
    shown_types,
    types_of,
)
from alfred_contracts.compat.verdicts import proven
from alfred_contracts.errors import RefError
from alfred_contracts.refs import JSON, deref

#: how deep the description goes into nested (possibly recursive) schemas
_DEPTH = 16


class Differ:
    """Compares two schemas, each given as (resources, root id)."""

    def __init__(
        self, old: tuple[Mapping[str, JSON], str], new: tuple[Mapping[str, JSON], str]
    ) -> None:
        self.old_resources, self.old_root = old
        self.new_resources, self.new_root = new

    def diff(self) -> Verdict:
        old = self.old_resources[self.old_root]
        new = self.new_resources[self.new_root]
        return Verdict(list(self._node(self.old_root, old, self.new_root, new, "")))

    # -- one node ------------------------------------------------------------------------

    def _node(self, ob: str, old: JSON, nb: str, new: JSON, path: str) -> Iterator[Change]:
        if path.count("/") > _DEPTH:  # a recursive schema: the proof still sees it all
            return
        try:
            ob, old = deref(self.old_resources, ob, old)
            nb, new = deref(self.new_resources, nb, new)
        except RefError as error:
            yield note("reference-unresolved", path, str(error))
            return
        if isinstance(old, bool) or isinstance(new, bool):
            yield from self._boolean(old, new, path)
            return
        if not isinstance(old, dict) or not isinstance(new, dict):  # not a schema in 2020-12
            if not same(old, new):
                yield note("schema-changed", path, "a value that is not a 2020-12 schema changed")
            return
        annotations = sorted(k for k in ANNOTATIONS - {"$defs", "definitions", "$id", "$schema"}
                             if not same(old.get(k), new.get(k)))  # fmt: skip
        if annotations:
            yield note("annotation-changed", path, f"{', '.join(annotations)} changed")
        foreign = sorted(
            k for k in (set(old) | set(new)) - UNDERSTOOD - ANNOTATIONS
            if not k.startswith("x-") and not same(old.get(k), new.get(k))
        )  # fmt: skip
        for keyword in foreign:
            yield note(f"{keyword}-changed", path, _keyword_change(keyword, old, new))
        if "anyOf" in old or "anyOf" in new or "oneOf" in old or "oneOf" in new:
            yield from self._combinators(ob, old, nb, new, path)
        yield from self._type(old, new, path)
        shared = types_of(old) & types_of(new)
        yield from self._values(old, new, path)
        if "string" in shared:
            yield from self._strings(old, new, path)
        if "number" in shared or "integer" in shared:
            yield from self._bounds(
                old,
                new,
                path,
                ("minimum", "exclusiveMinimum"),
                ("maximum", "exclusiveMaximum"),
                "number",
            )
        if "object" in shared:
            yield from self._object(ob, old, nb, new, path)
        if "array" in shared:
            yield from self._array(ob, old, nb, new, path)

    def _boolean(self, old: JSON, new: JSON, path: str) -> Iterator[Change]:
        if same(old, new):
            return
        if old is True or new is False:
            yield note("schema-narrowed", path, "a value that was unconstrained is now constrained")
        elif old is False or new is True:
            yield note("schema-widened", path, "a constrained value is now unconstrained")

    def _type(self, old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
        before, after = types_of(old), types_of(new)
        if before == after:
            return
        what = f"type {shown_types(before)} -> {shown_types(after)}"
        if before < after:
            yield note("type-widened", path, f"{what}: more values allowed")
        elif after < before:
            yield note("type-narrowed", path, f"{what}: fewer values allowed")
        else:
            yield note("type-changed", path, what)

    def _values(self, old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
        if "const" in old or "const" in new:
            if "const" in old and "const" in new:
                if not same(old["const"], new["const"]):
                    what = f"constant {json.dumps(old['const'])} -> {json.dumps(new['const'])}"
                    yield note("const-changed", path, what)
            elif "const" in new:
                yield note("const-added", path, f"now always {json.dumps(new['const'])}")
            else:
                yield note("const-removed", path, f"no longer always {json.dumps(old['const'])}")
        if "enum" in old or "enum" in new:
            if "enum" in old and "enum" in new:
                before = [json.dumps(v, sort_keys=True) for v in old["enum"]]
                after = [json.dumps(v, sort_keys=True) for v in new["enum"]]
                had, has = set(before), set(after)  # sets: linear in the enum's size
                added = [v for v in after if v not in had]
                removed = [v for v in before if v not in has]
                if added:
                    yield note("enum-value-added", path, f"allowed values added: {_few(added)}")
                if removed:
                    yield note(
                        "enum-value-removed", path, f"allowed values removed: {_few(removed)}"
                    )
            elif "enum" in new:
                yield note("enum-added", path, "now limited to listed values")
            else:
                yield note("enum-removed", path, "no longer limited to listed values")

    def _strings(self, old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
        for keyword in ("format", "pattern"):
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            if before is None:
                yield note(f"{keyword}-added", path, f"{keyword} {after!r} added")
            elif after is None:
                yield note(f"{keyword}-removed", path, f"{keyword} {before!r} removed")
            elif keyword == "format":
                yield note("format-changed", path, f"format {before!r} -> {after!r}")
            else:
                yield note("pattern-changed", path, f"pattern {before!r} -> {after!r}")
        yield from self._bounds(old, new, path, ("minLength", None), ("maxLength", None), "length")

    def _bounds(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        path: str,
        lower: tuple[str, str | None],
        upper: tuple[str, str | None],
        what: str,
    ) -> Iterator[Change]:
        for (inclusive, exclusive), sign in ((lower, 1), (upper, -1)):
            for keyword in (inclusive, exclusive):
                if keyword is None:
                    continue
                before, after = old.get(keyword), new.get(keyword)
                if before == after:
                    continue
                side = "minimum" if sign == 1 else "maximum"
                rule = f"{keyword}"
                if before is None:
                    yield note(f"{rule}-added", path, f"{what} {keyword} {after} added")
                elif after is None:
                    yield note(f"{rule}-removed", path, f"{what} {keyword} {before} removed")
                elif (after - before) * sign > 0:
                    yield note(f"{side}-tightened", path, f"{keyword} {before} -> {after}")
                else:
                    yield note(f"{side}-relaxed", path, f"{keyword} {before} -> {after}")

    def _object(
        self, ob: str, old: dict[str, Any], nb: str, new: dict[str, Any], path: str
    ) -> Iterator[Change]:
        old_props: dict[str, Any] = old.get("properties", {})
        new_props: dict[str, Any] = new.get("properties", {})
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        old_extra, new_extra = (
            old.get("additionalProperties", True),
            new.get("additionalProperties", True),
        )
        old_closed, new_closed = old_extra is False, new_extra is False
        if not isinstance(old_extra, bool) or not isinstance(new_extra, bool):
            if not same(old_extra, new_extra):
                yield note(
                    "additional-properties-changed",
                    path,
                    "the schema for unlisted properties changed",
                )
        elif old_closed != new_closed:
            if new_closed:
                yield note(
                    "additional-properties-closed",
                    path,
                    "the object is now closed: unknown properties are refused",
                )
            else:
                yield note(
                    "additional-properties-opened",
                    path,
                    "the object is now open: unknown properties are accepted",
                )
        removed = [p for p in old_props if p not in new_props]
        added = [p for p in new_props if p not in old_props]
        renamed: tuple[str, str] | None = None
        if len(removed) == 1 and len(added) == 1:
            _b1, before = deref(self.old_resources, ob, old_props[removed[0]])
            _b2, after = deref(self.new_resources, nb, new_props[added[0]])
            if same({k: v for k, v in before.items() if k not in ANNOTATIONS},
                     {k: v for k, v in after.items() if k not in ANNOTATIONS}):  # fmt: skip
                renamed = (removed[0], added[0])
        parts: list[Change] = []
        for name in removed:
            where = f"{path}/{name}"
            if new_closed:
                parts.append(
                    note(
                        "property-removed", where, f"property {name!r} removed from a closed object"
                    )
                )
            else:
                parts.append(
                    note(
                        "property-removed",
                        where,
                        f"property {name!r} no longer listed"
                        + ("" if new_extra is not True else " (any value now allowed)"),
                    )
                )
        for name in added:
            where = f"{path}/{name}"
            _b, schema = deref(self.new_resources, nb, new_props[name])
            if old_closed:
                parts.append(
                    note("property-added", where, f"property {name!r} added to a closed object")
                )
            elif schema is True or schema == {}:
                pass
            else:
                parts.append(
                    note(
                        "property-added",
                        where,
                        f"property {name!r} now constrained on an open object",
                    )
                )
        for name in sorted(new_required - old_required):
            parts.append(
                note("required-added", f"{path}/{name}", f"property {name!r} is now required")
            )
        for name in sorted(old_required - new_required):
            parts.append(
                note(
                    "required-removed", f"{path}/{name}", f"property {name!r} is no longer required"
                )
            )
        if renamed is not None:
            before_name, after_name = renamed
            mine = [c for c in parts if c.path in (f"{path}/{before_name}", f"{path}/{after_name}")]
            rest = [c for c in parts if c not in mine]
            what = f"property {before_name!r} renamed to {after_name!r}"
            renaming = replace(
                note("property-renamed", f"{path}/{before_name}", what),
                also=f"{path}/{after_name}",
            )
            parts = [renaming, *rest]
        yield from parts
        for name in old_props:
            if name in new_props:
                yield from self._node(ob, old_props[name], nb, new_props[name], f"{path}/{name}")

    def _array(
        self, ob: str, old: dict[str, Any], nb: str, new: dict[str, Any], path: str
    ) -> Iterator[Change]:
        yield from self._bounds(old, new, path, ("minItems", None), ("maxItems", None), "items")
        yield from self._node(ob, old.get("items", True), nb, new.get("items", True), f"{path}/*")

    def _combinators(
        self, ob: str, old: dict[str, Any], nb: str, new: dict[str, Any], path: str
    ) -> Iterator[Change]:
        for keyword in ("anyOf", "oneOf"):
            before, after = old.get(keyword), new.get(keyword)
            if same(before, after):
                continue
            if before is None or after is None or keyword == "oneOf":
                yield note(
                    f"{keyword}-changed",
                    path,
                    f"{keyword} changed; this comparison cannot judge it",
                )
                continue
            common = min(len(before), len(after))
            same_prefix = all(same(before[i], after[i]) for i in range(common))
            if same_prefix and len(after) > len(before):
                yield note(
                    "anyOf-option-added", path, f"{len(after) - len(before)} alternative(s) added"
                )
            elif same_prefix and len(after) < len(before):
                yield note(
                    "anyOf-option-removed",
                    path,
                    f"{len(before) - len(after)} alternative(s) removed",
                )
            elif len(before) == len(after):
                for index in range(common):
                    yield from self._node(ob, before[index], nb, after[index], path)
            else:
                yield note(
                    "anyOf-changed", path, "alternatives changed; this comparison cannot judge it"
                )


def _few(values: list[str], shown: int = 10) -> str:
    more = len(values) - shown
    return ", ".join(values[:shown]) + (f" and {more} more" if more > 0 else "")


def note(rule: str, path: str, message: str) -> Change:
    """A change as described; :func:`.changes.settle` decides its effects."""
    return Change(rule, path, None, None, message)


def _keyword_change(keyword: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    if keyword not in old:
        return f"{keyword} added"
    if keyword not in new:
        return f"{keyword} removed"
    return f"{keyword} changed"


Side = tuple[Mapping[str, JSON], str]


def diff(old: Side, new: Side) -> Verdict:
    """Describe and judge two schemas; breaks get witnesses from :func:`.witness.prove`."""
    return settle(Differ(old, new).diff().changes, *proven(old, new))
