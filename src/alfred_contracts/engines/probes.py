"""Both engines' verdict on a value against any schema location, for the comparison's proofs.

The compatibility proofs (:mod:`alfred_contracts.compat.inclusion`) sometimes settle a
question by asking the validators directly: is this enum value valid under that
subschema, does this property name match that pattern? A question counts as answered only
when both engines give the same answer; otherwise the answer is ``None`` and the proof
does not use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

import jsonschema_rs
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from alfred_contracts.engines import refuse_retrieval
from alfred_contracts.engines.reference import format_checker
from alfred_contracts.refs import DRAFT_2020_12, JSON

_PROBE = "urn:alfred-contracts:probe"
Check = Callable[[object], bool]


def _retrieve(uri: str) -> Resource:
    refuse_retrieval(uri)
    raise AssertionError("unreachable")  # pragma: no cover


class Probes:
    """Validators for locations (``uri`` + JSON Pointer) and standalone schemas."""

    def __init__(self, resources: Mapping[str, JSON]) -> None:
        self.resources = resources
        self._rs_registry: Any = None
        self._py_registry: Any = None
        self._checks: dict[str, tuple[Check, Check] | None] = {}
        self._checker = format_checker()

    def _registries(self) -> tuple[Any, Any]:
        if self._rs_registry is None:
            self._rs_registry = jsonschema_rs.Registry(
                list(self.resources.items()), retriever=refuse_retrieval
            )
            self._py_registry = Registry(retrieve=_retrieve).with_resources(  # type: ignore[call-arg]
                (uri, Resource.from_contents(schema, default_specification=DRAFT202012))
                for uri, schema in self.resources.items()
            )
        return self._rs_registry, self._py_registry

    def _compile(self, schema: JSON, *, registered: bool) -> tuple[Check, Check] | None:
        try:
            if registered:
                rs_registry, py_registry = self._registries()
                fast = jsonschema_rs.validator_for(
                    schema,
                    validate_formats=True,
                    ignore_unknown_formats=False,
                    registry=rs_registry,
                    retriever=refuse_retrieval,
                )
                slow = Draft202012Validator(
                    schema, registry=py_registry, format_checker=self._checker
                )
            else:
                fast = jsonschema_rs.validator_for(
                    schema,
                    validate_formats=True,
                    ignore_unknown_formats=False,
                    retriever=refuse_retrieval,
                )
                slow = Draft202012Validator(
                    schema,
                    registry=Registry(retrieve=_retrieve),  # type: ignore[call-arg]
                    format_checker=self._checker,
                )
        except Exception:
            return None
        return fast.is_valid, slow.is_valid

    def at(self, uri: str, pointer: str) -> tuple[Check, Check] | None:
        """Both engines' checks for the subschema at ``uri`` + ``pointer``."""
        key = f"{uri}#{pointer}"
        if key not in self._checks:
            ref = f"{uri}#{quote(pointer, safe='/~!$&()*+,;=:@-._')}"
            wrapper = {"$schema": DRAFT_2020_12, "$id": _PROBE, "$ref": ref}
            self._checks[key] = self._compile(wrapper, registered=True)
        return self._checks[key]

    def standalone(self, schema: JSON) -> tuple[Check, Check] | None:
        """Both engines' checks for a schema that references nothing."""
        return self._compile(schema, registered=False)

    @staticmethod
    def verdict(checks: tuple[Check, Check] | None, value: object) -> bool | None:
        """True or False when both engines agree about ``value``; None otherwise."""
        if checks is None:
            return None
        try:
            fast, slow = checks[0](value), checks[1](value)
        except Exception:
            return None
        return fast if fast == slow else None


_PATTERNS: dict[str, tuple[Check, Check] | None] = {}


def pattern_matches(pattern: str, name: str) -> bool | None:
    """Whether the ECMA-262 ``pattern`` matches ``name``, by both engines (None: unsure)."""
    if pattern not in _PATTERNS:
        if len(_PATTERNS) > 4096:
            _PATTERNS.clear()
        _PATTERNS[pattern] = Probes({})._compile({"pattern": pattern}, registered=False)
    return Probes.verdict(_PATTERNS[pattern], name)
