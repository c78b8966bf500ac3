"""The default engine: jsonschema-rs with format assertion on."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import jsonschema_rs

from alfred_contracts.engines import RawError, refuse_retrieval
from alfred_contracts.errors import SchemaError
from alfred_contracts.refs import JSON


class RsEngine:
    name = "rs"

    def __init__(self, resources: Mapping[str, JSON], roots: Mapping[str, str]) -> None:
        try:
            registry = jsonschema_rs.Registry(list(resources.items()), retriever=refuse_retrieval)
            self._validators = {
                name: jsonschema_rs.validator_for(
                    resources[root],
                    validate_formats=True,
                    ignore_unknown_formats=False,
                    registry=registry,
                    retriever=refuse_retrieval,
                )
                for name, root in roots.items()
            }
        except (jsonschema_rs.ReferencingError, ValueError) as error:
            raise SchemaError(f"cannot compile the bundled schemas: {error}") from None

    def is_valid_for(self, event: str) -> Callable[[object], bool]:
        return self._validators[event].is_valid

    def errors(self, event: str, payload: object) -> Iterator[RawError]:
        for error in self._validators[event].iter_errors(payload):
            yield RawError(
                tuple(error.instance_path),
                tuple(error.evaluation_path),
                error.instance,
                error.message,
            )


def metaschema_problem(schema: JSON, *, own_dialect_ok: bool = False) -> tuple[str, str] | None:
    """(where, why) ``schema`` breaks the Draft 2020-12 metaschema, or None."""
    try:
        jsonschema_rs.meta.validate(schema)
    except jsonschema_rs.ValidationError as error:
        return "/".join(str(p) for p in error.instance_path) or "(root)", error.message
    except jsonschema_rs.ReferencingError as error:
        return None if own_dialect_ok else ("$schema", str(error))
    return None
