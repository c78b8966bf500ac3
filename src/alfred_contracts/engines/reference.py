"""The reference engine: python-jsonschema with the project's own strict format checks.

Slow, independent, and exact about formats (design policy 2). Used to cross-check the
default engine and available on the command line as ``--engine reference``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from alfred_contracts.engines import RawError, refuse_retrieval
from alfred_contracts.engines.formats import CHECKERS
from alfred_contracts.refs import JSON


def format_checker() -> FormatChecker:
    """A FormatChecker that knows exactly the project's formats, no stock ones."""
    checker = FormatChecker(formats=())
    for name, check in CHECKERS.items():
        checker.checks(name)(check)
    return checker


def _retrieve(uri: str) -> Resource:
    refuse_retrieval(uri)
    raise AssertionError("unreachable")  # pragma: no cover


class ReferenceEngine:
    name = "reference"

    def __init__(self, resources: Mapping[str, JSON], roots: Mapping[str, str]) -> None:
        registry: Registry = Registry(retrieve=_retrieve).with_resources(  # type: ignore[call-arg]
            (uri, Resource.from_contents(schema, default_specification=DRAFT202012))
            for uri, schema in resources.items()
        )
        checker = format_checker()
        # each schema by the dialect its $schema declares (draft 2020-12 when it says none),
        # as jsonschema-rs does
        self._validators: dict[str, Any] = {
            name: validator_for(resources[root], default=Draft202012Validator)(
                resources[root], registry=registry, format_checker=checker
            )
            for name, root in roots.items()
        }

    def is_valid_for(self, event: str) -> Callable[[object], bool]:
        check: Callable[[object], bool] = self._validators[event].is_valid
        return check

    def errors(self, event: str, payload: object) -> Iterator[RawError]:
        for error in self._validators[event].iter_errors(payload):
            yield RawError(
                tuple(error.absolute_path),
                tuple(error.absolute_schema_path),
                error.instance,
                error.message,
            )
