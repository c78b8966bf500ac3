"""Validation engines: the schema checks themselves, behind one small interface.

* ``rs`` (default): jsonschema-rs, compiled once per event, formats asserted.
* ``reference``: python-jsonschema with the project's own strict ``uuid`` and
  ``date-time`` checks (:mod:`alfred_contracts.formats`).

Both resolve ``$ref`` only against the catalog (a retriever that refuses everything
backs that up), and both report raw errors as (instance path, evaluation path, instance);
:mod:`alfred_contracts.messages` turns those into violations, so the two engines give the
same records. A test proves that they agree on every verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Literal, NamedTuple, Protocol

from .catalog import Catalog
from .errors import SchemaError
from .profiles import Profile

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


def create(catalog: Catalog, profile: Profile = "strict", engine: EngineName = "rs") -> Engine:
    """Build an engine over ``catalog`` for ``profile``."""
    if engine == "rs":
        from ._rs import RsEngine

        return RsEngine(catalog, profile)
    if engine == "reference":
        from ._reference import ReferenceEngine

        return ReferenceEngine(catalog, profile)
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
