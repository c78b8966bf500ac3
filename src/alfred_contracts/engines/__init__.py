"""Validation engines: the schema checks themselves, behind one small interface.

* ``rs`` (default): jsonschema-rs, compiled once per event, formats asserted.
* ``reference``: python-jsonschema with the project's own strict ``uuid`` and
  ``date-time`` checks (:mod:`alfred_contracts.engines.formats`).

Both resolve ``$ref`` only against the catalog (a retriever that refuses everything
backs that up), and both report raw errors as (instance path, evaluation path, instance);
:mod:`alfred_contracts.validation.messages` turns those into violations, so the two engines give the
same records. A test proves that they agree on every verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal, NamedTuple, Protocol

from alfred_contracts.errors import SchemaError, UsageError
from alfred_contracts.refs import JSON

EngineName = Literal["rs", "reference"]
ENGINES: tuple[EngineName, ...] = ("rs", "reference")


class RawError(NamedTuple):
    """One schema error as an engine reports it."""

    instance_path: tuple[str | int, ...]
    schema_path: tuple[str | int, ...]
    instance: object
    message: str  #: the engine's own wording, used only when no better one exists


class Engine(Protocol):
    """What the checker needs from an engine."""

    name: str

    def is_valid_for(self, event: str) -> Callable[[object], bool]:
        """The fastest yes/no check for payloads of ``event``."""
        ...

    def errors(self, event: str, payload: object) -> Iterator[RawError]:
        """Every error of ``payload`` against ``event``'s schema."""
        ...


def refuse_retrieval(uri: str, /) -> Any:
    """A retriever for both engines: nothing outside the bundle is ever fetched."""
    raise SchemaError(
        f"$ref to {uri} is not in the bundled schemas; remote references are never fetched"
    )


def check_engine(name: str) -> EngineName:
    """``name`` as an engine name; :class:`UsageError` for an unknown one."""
    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    return name


def create(
    resources: Mapping[str, JSON], roots: Mapping[str, str], engine: EngineName = "rs"
) -> Engine:
    """An engine over ``resources`` (``$id`` → schema) that checks each event of
    ``roots`` (event name → the ``$id`` of its schema)."""
    if check_engine(engine) == "rs":
        from alfred_contracts.engines.rs import RsEngine

        return RsEngine(resources, roots)
    from alfred_contracts.engines.reference import ReferenceEngine

    return ReferenceEngine(resources, roots)


def compile_check(resources: Mapping[str, JSON], root: str) -> Callable[[object], bool]:
    """A yes/no check (jsonschema-rs, formats asserted) of the schema ``root``."""
    from alfred_contracts.engines.rs import RsEngine

    return RsEngine(resources, {"": root}).is_valid_for("")


def metaschema_problem(schema: JSON, *, own_dialect_ok: bool = False) -> tuple[str, str] | None:
    """(where, why) ``schema`` is not a valid Draft 2020-12 schema, or None when it is one.

    ``own_dialect_ok``: a ``$schema`` the engine does not know is no problem (the
    comparison judges such a schema by its keywords instead)."""
    from alfred_contracts.engines.rs import metaschema_problem as problem

    return problem(schema, own_dialect_ok=own_dialect_ok)
