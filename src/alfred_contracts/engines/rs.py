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
            self._registry = registry
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

    def compile(self, node: JSON, base: str) -> jsonschema_rs.Validator:
        """A validator for one subschema ``node`` of the resources, its refs resolved
        against ``base`` (for the walker of the cheap invalid path)."""
        return jsonschema_rs.validator_for(
            node,
            validate_formats=True,
            ignore_unknown_formats=False,
            registry=self._registry,
            retriever=refuse_retrieval,
            base_uri=base,
        )

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


#: the dialects jsonschema-rs carries the metaschemas of (nothing else is looked up)
KNOWN_DIALECTS = frozenset(
    f"{base}{end}"
    for base in ("https://json-schema.org/draft/2020-12/schema",
                 "https://json-schema.org/draft/2019-09/schema",
                 "http://json-schema.org/draft-07/schema", "http://json-schema.org/draft-06/schema",
                 "http://json-schema.org/draft-04/schema")
    for end in ("", "#")
)  # fmt: skip


def metaschema_problem(schema: JSON, *, own_dialect_ok: bool = False) -> tuple[str, str] | None:
    """(where, why) ``schema`` breaks its dialect's metaschema, or None.

    A ``$schema`` naming a dialect jsonschema-rs does not carry is never fetched: with
    ``own_dialect_ok`` the schema is checked as draft 2020-12 instead, otherwise that
    ``$schema`` is the problem."""
    dialect = schema.get("$schema") if isinstance(schema, dict) else None
    if dialect is not None and dialect not in KNOWN_DIALECTS:
        if not own_dialect_ok:
            return "$schema", f"unknown dialect {dialect!r}; metaschemas are never fetched"
        schema = {k: v for k, v in schema.items() if k != "$schema"}
    try:
        jsonschema_rs.meta.validate(schema)
    except jsonschema_rs.ValidationError as error:
        return "/".join(str(p) for p in error.instance_path) or "(root)", error.message
    except jsonschema_rs.ReferencingError as error:
        return None if own_dialect_ok else ("$schema", str(error))
    return None
