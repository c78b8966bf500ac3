"""The default engine: jsonschema-rs with format assertion on."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import jsonschema_rs

from .catalog import Catalog
from .engines import RawError, refuse_retrieval
from .errors import SchemaError
from .profiles import Profile


class RsEngine:
    name = "rs"

    def __init__(self, catalog: Catalog, profile: Profile) -> None:
        resources = catalog.resources(profile)
        try:
            registry = jsonschema_rs.Registry(list(resources.items()), retriever=refuse_retrieval)
            self._validators = {
                name: jsonschema_rs.validator_for(
                    resources[event.id],
                    validate_formats=True,
                    ignore_unknown_formats=False,
                    registry=registry,
                    retriever=refuse_retrieval,
                )
                for name, event in catalog.events.items()
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
